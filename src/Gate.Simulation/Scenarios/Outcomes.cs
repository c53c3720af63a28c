namespace Gate.Simulation.Scenarios;

/// <summary>What the control plane went through when the agent started everywhere at once.</summary>
public enum ControlPlaneOutcome
{
    /// <summary>No rejection, no crash.</summary>
    Healthy,

    /// <summary>The API servers shed load (429s) but kept serving.</summary>
    Degraded,

    /// <summary>An API server was OOM-killed or none was serving.</summary>
    Collapsed,
}

/// <summary>Outcomes as reports spell them: kebab case (<c>rolled-back</c>, <c>no-change</c>, <c>collapsed</c>).</summary>
public static class OutcomeText
{
    /// <summary><paramref name="outcome"/> in kebab case.</summary>
    public static string Of(Enum outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return global::Gate.Core.Rollout.RolloutRecorder.Kebab(outcome.ToString());
    }
}
