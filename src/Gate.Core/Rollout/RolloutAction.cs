namespace Gate.Core.Rollout;

/// <summary>What the engine does next (after persisting the new state).</summary>
public abstract record RolloutAction
{
    /// <summary>A line for the progress view.</summary>
    public required string Activity { get; init; }
}

/// <summary>Observe again after <paramref name="Delay"/> (zero: at once).</summary>
public sealed record WaitAction(TimeSpan Delay) : RolloutAction;

/// <summary>Change the DaemonSet's template and/or strategy, then observe again after a poll interval.</summary>
public sealed record UpdateSpecAction(SpecChange Change) : RolloutAction;

/// <summary>Delete these pods (their nodes are in the state's pending batch).</summary>
public sealed record DeletePodsAction(IReadOnlyList<string> Pods) : RolloutAction;

/// <summary>Capture the health baseline before the first stage.</summary>
public sealed record CaptureBaselineAction : RolloutAction;

/// <summary>Stop: the rollout ended.</summary>
public sealed record FinishAction(RolloutOutcome Outcome) : RolloutAction;

/// <summary>The decider's answer: the state to persist and the action to take.</summary>
/// <param name="State">The next state (persisted before the action runs).</param>
/// <param name="Action">The action.</param>
public sealed record RolloutDecision(RolloutState State, RolloutAction Action);
