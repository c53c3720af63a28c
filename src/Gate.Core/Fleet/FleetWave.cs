namespace Gate.Core.Fleet;

/// <summary>One wave of a fleet rollout: clusters that roll out together, after every earlier wave was promoted.</summary>
/// <param name="Number">1-based position of the wave.</param>
/// <param name="Clusters">Names of the wave's clusters.</param>
/// <param name="PauseBefore">True when the wave waits for <c>gate promote --fleet</c> before it starts.</param>
public sealed record FleetWave(int Number, IReadOnlyList<string> Clusters, bool PauseBefore = false);

/// <summary>Where one cluster of a fleet rollout stands.</summary>
public enum FleetClusterOutcome
{
    /// <summary>Its wave has not started it yet.</summary>
    NotStarted,

    /// <summary>Its staged rollout is in progress.</summary>
    Running,

    /// <summary>Every stage passed (or it already ran the target).</summary>
    Promoted,

    /// <summary>A stage failed and the gate rolled it back.</summary>
    RolledBack,

    /// <summary>The analysis stayed inconclusive: rolled back, failing closed.</summary>
    Inconclusive,

    /// <summary>The pre-flight <c>gate check</c> at the cluster's size refused the agent: nothing was changed.</summary>
    Refused,

    /// <summary>The cluster could not be reached or the rollout stopped on an error.</summary>
    Failed,

    /// <summary>Promoted earlier, then rolled back because another cluster failed (<c>--on-failure rollback-all</c>).</summary>
    RolledBackByFleet,
}

/// <summary>What the fleet does when a cluster fails.</summary>
public enum FleetFailurePolicy
{
    /// <summary>Stop the waves that have not started; finished clusters keep the new version.</summary>
    Stop,

    /// <summary>Stop, and roll back every cluster that was promoted.</summary>
    RollbackAll,
}

/// <summary>Outcome helpers.</summary>
public static class FleetOutcomes
{
    /// <summary>True for outcomes that stop the fleet.</summary>
    public static bool IsFailure(this FleetClusterOutcome outcome) =>
        outcome is FleetClusterOutcome.RolledBack or FleetClusterOutcome.Inconclusive or FleetClusterOutcome.Refused or FleetClusterOutcome.Failed;

    /// <summary>How a cluster's rollout engine ended, as the fleet counts it.</summary>
    public static FleetClusterOutcome Of(Rollout.RolloutOutcomeKind kind) => kind switch
    {
        Rollout.RolloutOutcomeKind.Promoted or Rollout.RolloutOutcomeKind.NoChange => FleetClusterOutcome.Promoted,
        Rollout.RolloutOutcomeKind.RolledBack or Rollout.RolloutOutcomeKind.Aborted => FleetClusterOutcome.RolledBack,
        Rollout.RolloutOutcomeKind.Inconclusive => FleetClusterOutcome.Inconclusive,
        _ => FleetClusterOutcome.Failed,
    };
}
