using System.Globalization;
using Gate.Core.Health;
using Gate.Core.Rollout;

namespace Gate.Simulation.Gate;

/// <summary>
/// The rollout engine's stage analyzer backed by the real <see cref="HealthJudge"/>: the baseline is the health pack's
/// window before the first stage; each stage is judged over its bake window with the canary's pods and nodes, the
/// fleet size for the projection, and the per-agent FlowSchema the gate installs (<c>gate-canary-&lt;daemonset&gt;</c>).
/// </summary>
public sealed class HealthJudgeStageAnalyzer : IStageAnalyzer
{
    private readonly HealthJudge judge;
    private readonly IDaemonSetOperator cluster;
    private readonly List<(StageAnalysisContext Context, HealthVerdict Verdict, StageVerdict Stage)> analyses = [];
    private HealthBaseline? baseline;
    private int inconclusiveInRow;

    public HealthJudgeStageAnalyzer(HealthJudge judge, IDaemonSetOperator cluster)
    {
        this.judge = judge ?? throw new ArgumentNullException(nameof(judge));
        this.cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
    }

    /// <summary>Every analysis: the stage, the judge's verdict and what the engine was told, in order.</summary>
    public IReadOnlyList<(StageAnalysisContext Context, HealthVerdict Verdict, StageVerdict Stage)> Analyses => analyses;

    /// <summary>The FlowSchema the gate creates for the agent's ServiceAccount during a rollout.</summary>
    public static string CanaryFlowSchema(DaemonSetRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return "gate-canary-" + target.Name;
    }

    public async Task CaptureBaselineAsync(StageAnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = HealthWindow.Ending(context.Now, judge.Pack.Settings.Window);
        baseline = await judge.CaptureBaselineAsync(window, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StageVerdict> AnalyzeAsync(StageAnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pods = context.NewRevisionHash is null
            ? []
            : (await cluster.ListAgentPodsAsync(context.NewRevisionHash, cancellationToken).ConfigureAwait(false)).Where(p => !p.Terminating).ToList();
        var start = context.WindowStart < context.Now - judge.Pack.Settings.Window ? context.Now - judge.Pack.Settings.Window : context.WindowStart;
        var canary = new CanaryContext
        {
            Namespace = context.Target.Namespace,
            DaemonSet = context.Target.Name,
            Pods = pods.Select(p => p.Name).ToList(),
            Nodes = pods.Select(p => p.NodeName).ToList(),
            CanaryNodeCount = Math.Max(1, pods.Count),
            FleetNodes = context.TotalNodes,
            FlowSchema = CanaryFlowSchema(context.Target),
        };
        var verdict = await judge.EvaluateAsync(new HealthWindow(start, context.Now), baseline, canary, inconclusiveInRow, cancellationToken).ConfigureAwait(false);
        inconclusiveInRow = verdict.Outcome == HealthOutcome.Inconclusive ? inconclusiveInRow + 1 : 0;
        var lines = verdict.Signals.Where(s => !s.Skipped)
            .Select(s => $"{s.Signal}: {s.Outcome.ToString().ToLowerInvariant()} — {s.Reason}")
            .Concat(verdict.Projection?.Lines.Select(l => $"projection {l.Metric}: {l.Outcome.ToString().ToLowerInvariant()} — {l.Reason}") ?? [])
            .ToList();
        var stage = string.Create(CultureInfo.InvariantCulture, $"stage {context.StageIndex + 1}/{context.StageCount} ({context.UpdatedNodes} of {context.TotalNodes} nodes): ");
        var result = verdict.Outcome switch
        {
            HealthOutcome.Pass => new StageVerdict(StageVerdictKind.Healthy, stage + verdict.Reason, lines),
            HealthOutcome.Fail => new StageVerdict(StageVerdictKind.Unhealthy, stage + verdict.Reason, lines),
            _ => new StageVerdict(StageVerdictKind.Inconclusive, stage + verdict.Reason, lines),
        };
        analyses.Add((context, verdict, result));
        return result;
    }
}
