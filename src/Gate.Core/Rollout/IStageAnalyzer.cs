namespace Gate.Core.Rollout;

/// <summary>
/// Judges control-plane health after a stage's bake time (the Health judge behind <c>IHealthSource</c>, or the
/// simulator's). No data must never be <see cref="StageVerdictKind.Healthy"/>: answer
/// <see cref="StageVerdictKind.Inconclusive"/> and the engine fails closed.
/// </summary>
public interface IStageAnalyzer
{
    /// <summary>Called once before the first stage, while nothing runs the new revision (the baseline window).</summary>
    Task CaptureBaselineAsync(StageAnalysisContext context, CancellationToken cancellationToken);

    /// <summary>Judges the canary window of one stage.</summary>
    Task<StageVerdict> AnalyzeAsync(StageAnalysisContext context, CancellationToken cancellationToken);
}

/// <summary>What the analyzer knows about the stage it judges.</summary>
/// <param name="Target">The DaemonSet.</param>
/// <param name="StageIndex">0-based stage.</param>
/// <param name="StageCount">Number of stages.</param>
/// <param name="UpdatedNodes">Nodes running the new revision after this stage.</param>
/// <param name="TotalNodes">Nodes the agent runs on.</param>
/// <param name="NewRevisionHash">controller-revision-hash of the canary pods.</param>
/// <param name="WindowStart">When the stage's pods were all ready (the bake started).</param>
/// <param name="Now">The engine's clock.</param>
public sealed record StageAnalysisContext(
    DaemonSetRef Target,
    int StageIndex,
    int StageCount,
    int UpdatedNodes,
    int TotalNodes,
    string? NewRevisionHash,
    DateTimeOffset WindowStart,
    DateTimeOffset Now)
{
    /// <summary>The new-revision pods (canaries) when the engine observed them; empty otherwise.</summary>
    public IReadOnlyList<AgentPod> CanaryPods { get; init; } = [];

    /// <summary>True once the gate installed the agent's canary FlowSchema (see <see cref="CanaryFlowSchema"/>).</summary>
    public bool CanaryFlowSchemaInstalled { get; init; }
}

/// <summary>Healthy, unhealthy or inconclusive.</summary>
public enum StageVerdictKind
{
    Healthy,
    Unhealthy,
    Inconclusive,
}

/// <summary>The verdict of one analysis, with one line per signal that mattered.</summary>
/// <param name="Kind">The verdict.</param>
/// <param name="Reason">One line: why.</param>
/// <param name="Signals">Signal lines for the progress view (e.g. <c>apiserver p99 412ms (slo 1s) ok</c>).</param>
public sealed record StageVerdict(StageVerdictKind Kind, string Reason, IReadOnlyList<string>? Signals = null)
{
    public static StageVerdict Healthy(string reason = "healthy") => new(StageVerdictKind.Healthy, reason);

    public static StageVerdict Unhealthy(string reason) => new(StageVerdictKind.Unhealthy, reason);

    public static StageVerdict Inconclusive(string reason) => new(StageVerdictKind.Inconclusive, reason);
}
