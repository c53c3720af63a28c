namespace Gate.Core.Rollout;

/// <summary>A progress snapshot for the live view (published after every observation).</summary>
public sealed record RolloutProgress
{
    public required RolloutPhase Phase { get; init; }

    /// <summary>0-based stage.</summary>
    public int Stage { get; init; }

    public int StageCount { get; init; }

    /// <summary>Nodes the current stage brings to the new revision (cumulative).</summary>
    public int StageTarget { get; init; }

    /// <summary>Nodes running a new-revision pod.</summary>
    public int Updated { get; init; }

    /// <summary>New-revision pods that are Ready.</summary>
    public int Ready { get; init; }

    /// <summary>Nodes the agent runs on.</summary>
    public int Total { get; init; }

    /// <summary>Bake time left, when baking.</summary>
    public TimeSpan? BakeRemaining { get; init; }

    /// <summary>The last verdict and signal lines.</summary>
    public string? Verdict { get; init; }

    /// <summary>What the engine does now (one line).</summary>
    public required string Activity { get; init; }
}
