using Gate.Core.Rollout;

namespace Gate.Cli.Commands.Rollout;

/// <summary>For commands that only roll back or resume a rollback: any analysis is inconclusive (fail closed).</summary>
internal sealed class NoHealthAnalyzer : IStageAnalyzer
{
    public Task CaptureBaselineAsync(StageAnalysisContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StageVerdict> AnalyzeAsync(StageAnalysisContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StageVerdict.Inconclusive("no health source given (pass --prometheus)"));
}
