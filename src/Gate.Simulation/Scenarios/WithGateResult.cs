using Gate.Core.Rollout;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Scenarios;

/// <summary>What happened when the gate rolled the agent out in stages.</summary>
public sealed record WithGateResult
{
    /// <summary>How the rollout engine ended (promoted, rolled back, inconclusive, …).</summary>
    public required RolloutOutcomeKind Outcome { get; init; }

    public required int Nodes { get; init; }

    /// <summary>1-based stage whose analysis failed, or null when none did.</summary>
    public int? DetectedAtStage { get; init; }

    /// <summary>Most nodes that ran the new revision at once.</summary>
    public int MaxNodesOnNewRevision { get; init; }

    /// <summary>Seconds from the rollout's start to the failing verdict, or null.</summary>
    public double? DetectionSeconds { get; init; }

    /// <summary>Seconds from the failing verdict to the end of the rollback, or null.</summary>
    public double? RollbackSeconds { get; init; }

    /// <summary>Seconds from the rollout's start to its end.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>The engine's one-line reason.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>The verdict lines of every analysis (signals and projection).</summary>
    public IReadOnlyList<StageAnalysis> Analyses { get; init; } = [];

    public int OomKills { get; init; }

    /// <summary>429s the API servers sent during the rollout.</summary>
    public double Rejections { get; init; }

    public double PeakMemoryFraction { get; init; }

    /// <summary>Nodes on the new revision when the rollout ended.</summary>
    public int FinalNodesOnNewRevision { get; init; }

    /// <summary>Timeline entries, seconds relative to the rollout's start.</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>Samples every 10 s, seconds relative to the rollout's start.</summary>
    public IReadOnlyList<ControlPlaneSample> Samples { get; init; } = [];

    /// <summary>The engine's phase and stage changes (<see cref="RolloutRecorder"/>), seconds relative to the rollout's start.</summary>
    public IReadOnlyList<StageEvent> Events { get; init; } = [];
}

/// <summary>A phase or stage change of the engine, <paramref name="Seconds"/> after the rollout's start.</summary>
public sealed record StageEvent(double Seconds, RolloutEvent Event);

/// <summary>One analysis of a stage: when, the verdict and its lines.</summary>
public sealed record StageAnalysis(double Seconds, int Stage, int UpdatedNodes, StageVerdictKind Outcome, string Reason, IReadOnlyList<string> Lines)
{
    /// <summary>The projection of the analysis: each metric measured on the canary, projected to the fleet, and its budget.</summary>
    public IReadOnlyList<RecordedProjection> Projection { get; init; } = [];
}
