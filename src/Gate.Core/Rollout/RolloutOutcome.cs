namespace Gate.Core.Rollout;

/// <summary>How a rollout ended.</summary>
public enum RolloutOutcomeKind
{
    /// <summary>Every stage passed; every node runs the new revision.</summary>
    Promoted,

    /// <summary>The template was already the target: nothing to do.</summary>
    NoChange,

    /// <summary>A stage failed (unhealthy, pods crashlooping or not Ready): rolled back.</summary>
    RolledBack,

    /// <summary>The analysis stayed inconclusive past its limit: rolled back (fail closed).</summary>
    Inconclusive,

    /// <summary>Stopped by <c>gate abort</c> or <c>gate rollback</c>: rolled back.</summary>
    Aborted,

    /// <summary>Another gate holds the Lease: this one did nothing.</summary>
    LeaseHeld,

    /// <summary>This gate lost the Lease mid-rollout and stopped acting.</summary>
    LeaseLost,

    /// <summary>Nothing in progress to resume or abort.</summary>
    NothingToDo,
}

/// <summary>The result of <see cref="RolloutEngine.RunAsync"/>.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="Reason">One line.</param>
/// <param name="State">The last state written (null when none).</param>
public sealed record RolloutOutcome(RolloutOutcomeKind Kind, string Reason, RolloutState? State)
{
    /// <summary>The process exit code: 0 promoted, 1 rolled back/aborted, 3 lease held or lost, 4 inconclusive.</summary>
    public int ExitCode => Kind switch
    {
        RolloutOutcomeKind.Promoted or RolloutOutcomeKind.NoChange or RolloutOutcomeKind.NothingToDo => ExitCodes.Pass,
        RolloutOutcomeKind.RolledBack or RolloutOutcomeKind.Aborted => ExitCodes.PolicyViolation,
        RolloutOutcomeKind.Inconclusive => ExitCodes.Inconclusive,
        _ => ExitCodes.Environment,
    };
}
