namespace Gate.Core.Rollout;

/// <summary>Whether stages replace pods by deleting them (OnDelete) or through a Kruise Advanced DaemonSet partition.</summary>
public enum RolloutMode
{
    OnDelete,
    Kruise,
}

/// <summary>What the gate was asked to do.</summary>
public enum RolloutIntent
{
    /// <summary>Start a rollout of <see cref="RolloutPlan.Target"/>, or resume the one in progress for the same target.</summary>
    Rollout,

    /// <summary>Resume whatever rollout is in progress (no target needed).</summary>
    Resume,

    /// <summary>Stop the rollout in progress and roll back.</summary>
    Abort,

    /// <summary>Roll the DaemonSet back to its previous ControllerRevision (aborting a rollout in progress).</summary>
    Rollback,
}

/// <summary>Timings and limits of the engine. Defaults suit a real cluster; tests shorten them.</summary>
public sealed record RolloutTimings
{
    /// <summary>
    /// Longest wait between observations (one GET of the DaemonSet each; the new revision's pods come from a watch,
    /// which costs no request per observation, whatever the fleet size).
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Shortest time between two observations woken by the pod watch (a pod became Ready, crashed, went away), so a
    /// fleet whose pods change all the time still costs at most one DaemonSet GET per interval.
    /// </summary>
    public TimeSpan MinStepInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a batch of replaced pods may take to become Ready before the stage fails.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>leaseDurationSeconds of the coordination Lease.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the holder renews the Lease.</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Inconclusive analyses tolerated per stage before failing closed (rollback).</summary>
    public int InconclusiveRetries { get; init; } = 3;

    /// <summary>Wait before analysing again after an inconclusive verdict.</summary>
    public TimeSpan InconclusiveRetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A canary pod with this many restarts (or in CrashLoopBackOff) fails the stage at once.</summary>
    public int CrashRestartThreshold { get; init; } = 3;

    /// <summary>
    /// How long the engine keeps going while the API server fails every request past its retries (sustained 429s,
    /// 5xx, unreachable): it waits, honouring Retry-After per request, and observes again. Past this limit it rolls
    /// back (fail closed); when the rollback too cannot proceed for as long again, the gate exits 3 and the persisted
    /// state lets a later gate finish the rollback.
    /// </summary>
    public TimeSpan ApiOutageLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>New-revision pods replaced at once during a rollback.</summary>
    public int RollbackBatchSize { get; init; } = 10;

    /// <summary>How long a rollback batch waits for the DaemonSet to be fully available before the next batch.</summary>
    public TimeSpan RollbackBatchTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>A rollout: target template, stages, bake time, mode and limits. Built by the CLI or the simulator.</summary>
public sealed record RolloutPlan
{
    public required RolloutIntent Intent { get; init; }

    /// <summary>The new template (null when resuming, aborting or rolling back).</summary>
    public TemplateChange? Target { get; init; }

    /// <summary>Cumulative stage sizes; the last stage is always every node (appended when missing).</summary>
    public IReadOnlyList<StageSize> Stages { get; init; } = StageSize.Defaults;

    /// <summary>Bake time of each stage before the analysis.</summary>
    public TimeSpan Bake { get; init; } = TimeSpan.FromMinutes(5);

    public RolloutMode Mode { get; init; } = RolloutMode.OnDelete;

    /// <summary>
    /// Pods started at once (a stage is replaced in batches of at most this many), so the estimated start-up burst
    /// fits the APF headroom; see <see cref="StartupBudget"/>.
    /// </summary>
    public int MaxConcurrentStarts { get; init; } = 50;

    /// <summary>The identity of this gate in the Lease (host, process, random suffix).</summary>
    public required string Holder { get; init; }

    public RolloutTimings Timings { get; init; } = new();
}
