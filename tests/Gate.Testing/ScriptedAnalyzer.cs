using System.Collections.Concurrent;
using Gate.Core.Rollout;

namespace Gate.Testing;

/// <summary>A stage analyzer whose verdicts a test scripts (per stage), recording every call.</summary>
public sealed class ScriptedAnalyzer : IStageAnalyzer
{
    private readonly Func<StageAnalysisContext, StageVerdict> verdict;

    public ScriptedAnalyzer(Func<StageAnalysisContext, StageVerdict>? verdict = null) =>
        this.verdict = verdict ?? (_ => StageVerdict.Healthy("scripted healthy"));

    /// <summary>Every analysis context, in call order.</summary>
    public ConcurrentQueue<StageAnalysisContext> Analyses { get; } = new();

    /// <summary>Baselines captured.</summary>
    public int Baselines { get; private set; }

    /// <summary>Unhealthy at <paramref name="stage"/> (0-based), healthy elsewhere.</summary>
    public static ScriptedAnalyzer UnhealthyAt(int stage) =>
        new(c => c.StageIndex == stage ? StageVerdict.Unhealthy("apiserver p99 3.2s > slo 1s") : StageVerdict.Healthy());

    /// <inheritdoc />
    public Task CaptureBaselineAsync(StageAnalysisContext context, CancellationToken cancellationToken)
    {
        Baselines++;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StageVerdict> AnalyzeAsync(StageAnalysisContext context, CancellationToken cancellationToken)
    {
        Analyses.Enqueue(context);
        return Task.FromResult(verdict(context));
    }
}
