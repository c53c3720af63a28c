using System.Globalization;
using Gate.Core.Health;

namespace Gate.Core.Rollout;

/// <summary>
/// The stage analyzer over the health judge (<see cref="HealthJudge"/> + <see cref="IHealthSource"/>): the baseline is
/// the pack's window before the first canary; each stage is judged over its bake window (at least one query step)
/// with the canary pods, nodes and fleet size, so the projection runs too.
/// </summary>
public sealed class HealthJudgeAnalyzer : IStageAnalyzer
{
    private readonly HealthJudge judge;
    private HealthBaseline? baseline;

    public HealthJudgeAnalyzer(HealthJudge judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        this.judge = judge;
    }

    /// <summary>The last verdict, for reports.</summary>
    public HealthVerdict? LastVerdict { get; private set; }

    /// <inheritdoc />
    public async Task CaptureBaselineAsync(StageAnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = HealthWindow.Ending(context.Now, judge.Pack.Settings.Window);
        try
        {
            baseline = await judge.CaptureBaselineAsync(window, Canary(context), cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Fail closed: a baseline that could not be captured makes every baseline comparison inconclusive.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            var failed = HealthQueryResult.Failed(HealthQueryErrorKind.ServerError, "the baseline could not be captured: " + ex.GetType().Name);
            baseline = new HealthBaseline
            {
                Window = window,
                Signals = judge.Pack.Signals.Where(s => s.Baseline is not null).ToDictionary(s => s.Id, _ => failed, StringComparer.Ordinal),
            };
        }
    }

    /// <inheritdoc />
    public async Task<StageVerdict> AnalyzeAsync(StageAnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var step = judge.Pack.Settings.Step;
        var start = context.Now - context.WindowStart < step ? context.Now - step : context.WindowStart;
        var verdict = await judge.EvaluateAsync(new HealthWindow(start, context.Now), baseline, Canary(context), 0, cancellationToken).ConfigureAwait(false);
        LastVerdict = verdict;
        var lines = verdict.Signals
            .Where(s => !s.Skipped)
            .Select(s => $"{s.Outcome.ToString().ToLowerInvariant(),-12} {s.Signal}: {s.Reason}")
            .Concat(verdict.Projection is { } p ? [$"{p.Outcome.ToString().ToLowerInvariant(),-12} projection ×{p.FleetNodes.ToString(CultureInfo.InvariantCulture)} nodes: {p.Reason}"] : [])
            .ToList();
        var kind = verdict.Outcome switch
        {
            HealthOutcome.Pass => StageVerdictKind.Healthy,
            HealthOutcome.Fail => StageVerdictKind.Unhealthy,
            _ => StageVerdictKind.Inconclusive,
        };
        return new StageVerdict(kind, verdict.Reason, lines);
    }

    private static CanaryContext Canary(StageAnalysisContext context) => new()
    {
        Namespace = context.Target.Namespace,
        DaemonSet = context.Target.Name,
        Pods = context.CanaryPods.Select(p => p.Name).Order(StringComparer.Ordinal).ToList(),
        Nodes = context.CanaryPods.Select(p => p.NodeName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        CanaryNodeCount = context.CanaryPods.Count == 0 ? null : context.CanaryPods.Count,
        FleetNodes = context.CanaryPods.Count == 0 ? null : context.TotalNodes,
    };
}
