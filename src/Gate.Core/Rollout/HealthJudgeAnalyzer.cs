using System.Globalization;
using Gate.Core.Health;

namespace Gate.Core.Rollout;

/// <summary>One analysis of a rollout: the stage, the judge's verdict and what the engine was told.</summary>
public sealed record StageAnalysisRecord(StageAnalysisContext Context, HealthVerdict Verdict, StageVerdict Stage);

/// <summary>
/// The one stage analyzer over the health judge (<see cref="HealthJudge"/> + <see cref="IHealthSource"/>), used by
/// <c>gate rollout</c>, <c>gate simulate</c> and <c>gate demo</c> alike: the baseline is the pack's window before the
/// first canary; each stage is judged over its bake window (at least one query step, at most the pack's window) with
/// the canary pods, nodes and fleet size, so the projection runs too. Inconclusive verdicts in a row are counted and
/// handed to the judge, whose limit turns them into a failure (fail closed).
/// </summary>
public sealed class HealthJudgeAnalyzer : IStageAnalyzer
{
    private readonly HealthJudge judge;
    private readonly List<StageAnalysisRecord> analyses = [];
    private HealthBaseline? baseline;
    private int inconclusiveInRow;

    public HealthJudgeAnalyzer(HealthJudge judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        this.judge = judge;
    }

    /// <summary>What each canary pod watches (from the agent's access patterns), for the per-watch projection; null: unknown.</summary>
    public IReadOnlyList<CanaryWatch>? Watches { get; init; }

    /// <summary>Fleet budgets by projection metric id that override the pack's (e.g. from the cluster profile).</summary>
    public IReadOnlyDictionary<string, double> Budgets { get; init; } = new Dictionary<string, double>();

    /// <summary>The last verdict, for reports.</summary>
    public HealthVerdict? LastVerdict => analyses.Count == 0 ? null : analyses[^1].Verdict;

    /// <summary>Every analysis so far, in order.</summary>
    public IReadOnlyList<StageAnalysisRecord> Analyses => analyses;

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
        var verdict = await judge.EvaluateAsync(Window(context), baseline, Canary(context), inconclusiveInRow, cancellationToken).ConfigureAwait(false);
        inconclusiveInRow = verdict.Outcome == HealthOutcome.Inconclusive ? inconclusiveInRow + 1 : 0;
        var kind = verdict.Outcome switch
        {
            HealthOutcome.Pass => StageVerdictKind.Healthy,
            HealthOutcome.Fail => StageVerdictKind.Unhealthy,
            _ => StageVerdictKind.Inconclusive,
        };
        var stage = string.Create(
            CultureInfo.InvariantCulture,
            $"stage {context.StageIndex + 1}/{context.StageCount} ({context.UpdatedNodes} of {context.TotalNodes} {(context.TotalNodes == 1 ? "node" : "nodes")}): ");
        var result = new StageVerdict(kind, stage + verdict.Reason, Lines(verdict));
        analyses.Add(new StageAnalysisRecord(context, verdict, result));
        return result;
    }

    /// <summary>One line per signal that was judged, then one per projected metric: <c>id: outcome — reason</c>.</summary>
    public static IReadOnlyList<string> Lines(HealthVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return [.. verdict.Signals.Where(s => !s.Skipped).Select(s => Line(s.Signal, s.Outcome, s.Reason))
            .Concat(verdict.Projection?.Lines.Select(l => Line(l.Metric, l.Outcome, l.Reason)) ?? [])];
    }

    private static string Line(string id, HealthOutcome outcome, string reason) =>
        $"{id}: {outcome.ToString().ToLowerInvariant()} — {reason}";

    /// <summary>The bake window, at least one query step long and no longer than the pack's window.</summary>
    private HealthWindow Window(StageAnalysisContext context)
    {
        var settings = judge.Pack.Settings;
        var start = context.WindowStart < context.Now - settings.Window ? context.Now - settings.Window : context.WindowStart;
        return new HealthWindow(context.Now - start < settings.Step ? context.Now - settings.Step : start, context.Now);
    }

    private CanaryContext Canary(StageAnalysisContext context)
    {
        var pods = context.CanaryPods.Where(p => !p.Terminating).ToList();
        return new CanaryContext
        {
            Namespace = context.Target.Namespace,
            DaemonSet = context.Target.Name,
            Pods = pods.Select(p => p.Name).Order(StringComparer.Ordinal).ToList(),
            Nodes = pods.Select(p => p.NodeName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            CanaryNodeCount = pods.Count == 0 ? null : pods.Count,
            // The fleet is always named, so the projection always runs: without canary pods it cannot measure and
            // says so (inconclusive), rather than being skipped and letting the stage pass.
            FleetNodes = context.TotalNodes,
            FlowSchemaInstalled = context.CanaryFlowSchemaInstalled,
            Watches = Watches,
            Budgets = Budgets,
        };
    }
}
