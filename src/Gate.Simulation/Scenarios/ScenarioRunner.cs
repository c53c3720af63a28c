using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Health;
using Gate.Core.Rollout;
using Gate.Simulation.Cluster;
using Gate.Simulation.ControlPlane;
using Gate.Simulation.Engine;
using Gate.Simulation.Gate;
using Gate.Simulation.Health;

namespace Gate.Simulation.Scenarios;

/// <summary>
/// Runs an agent on a simulated cluster without the gate (every node at once) or through the real
/// <see cref="RolloutEngine"/> with the real <see cref="HealthJudge"/> reading the simulated servers' metrics.
/// </summary>
public static class ScenarioRunner
{
    // The built-in pack is loaded once per process (loading it twice trips JsonSchema.Net's schema registry).
    private static readonly Lazy<HealthPack> BuiltInPack = new(() => HealthPackLoader.BuiltIn());

    /// <summary>Quiet time before the rollout starts (the health baseline needs a window of history).</summary>
    public const double WarmUpSeconds = 600;

    /// <summary>
    /// Creates the DaemonSet of <paramref name="agent"/> on every node at once (the DaemonSet controller's pace) and
    /// runs until DNS fails plus a minute, or <paramref name="maxSeconds"/> after the start.
    /// </summary>
    public static WithoutGateResult RunWithoutGate(ClusterProfile profile, Workload agent, SimulationOptions? options = null, double maxSeconds = 45 * 60)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(agent);
        var cluster = new ClusterSimulation(profile, options ?? new SimulationOptions());
        var model = cluster.Model;
        const double start = 60;
        cluster.RunUntil(start);
        var daemonSet = cluster.DaemonSet(agent);
        model.AgentCounter = () => daemonSet.Running(daemonSet.UpdateRevision);
        model.Timeline("rollout", $"kubectl apply: DaemonSet {daemonSet.Namespace}/{daemonSet.Name} ({SimulatedDaemonSetOperator.ImageOf(agent)}) starts on all {profile.Nodes:N0} nodes");
        daemonSet.Reconcile();
        double? dnsFailedAt = null;
        var entriesSeen = 0;
        model.Simulator.RunUntil(
            () =>
            {
                // Checked after every event: look the timeline up only when it grew.
                if (dnsFailedAt is null && model.TimelineEntries.Count != entriesSeen)
                {
                    entriesSeen = model.TimelineEntries.Count;
                    dnsFailedAt = model.FirstTime("dns-failing");
                }

                return dnsFailedAt is { } t && model.Simulator.Now >= t + 60;
            },
            start + maxSeconds);

        var peak = daemonSet.PeakRunning.GetValueOrDefault(daemonSet.UpdateRevision.Hash);
        var kills = model.Replicas.Sum(r => r.Kills);
        double? Rel(string kind) => model.FirstTime(kind) is { } t ? t - start : null;
        var outcome = kills > 0 || model.FirstTime("all-down") is not null ? ControlPlaneOutcome.Collapsed : model.RejectedTotal > 0 ? ControlPlaneOutcome.Degraded : ControlPlaneOutcome.Healthy;
        return new WithoutGateResult
        {
            Outcome = outcome,
            Nodes = profile.Nodes,
            FirstRejectionSeconds = Rel("first-429"),
            FirstOomSeconds = Rel("oom"),
            AllDownSeconds = Rel("all-down"),
            DnsCachedSeconds = Rel("dns-cached"),
            DnsFailureSeconds = Rel("dns-failing"),
            OomKills = kills,
            PeakAgents = peak,
            PeakMemoryFraction = model.Replicas.Max(r => r.PeakRssBytes / r.MemoryLimitBytes),
            SimulatedSeconds = model.Simulator.Now - start,
            Timeline = Relative(model.TimelineEntries, start),
            Samples = Relative(model.Samples, start),
        };
    }

    /// <summary>
    /// Starts <paramref name="current"/> on every node, then rolls out <paramref name="next"/> with the real rollout
    /// engine (stages, bake, analysis by the real health judge over the simulated metrics, rollback).
    /// </summary>
    public static WithGateResult RunWithGate(ClusterProfile profile, Workload current, Workload next, SimulationOptions? options = null, Func<RolloutPlan, RolloutPlan>? adjust = null, double maxSeconds = 4 * 3600)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        var cluster = new ClusterSimulation(profile, options ?? new SimulationOptions());
        var model = cluster.Model;
        var daemonSet = cluster.DaemonSet(current);
        daemonSet.StartAllRunning();
        var target = new DaemonSetRef(daemonSet.Namespace, daemonSet.Name);
        var health = new SimulatedHealthSource(model, cluster.System?.CoreDns, () =>
        {
            var (pods, ready) = daemonSet.UpdateRevision == daemonSet.Revisions[0] ? (0, 0) : daemonSet.Count(daemonSet.UpdateRevision);
            return (pods, ready, 0);
        });
        var cluster0 = new SimulatedDaemonSetOperator(model, daemonSet);
        cluster0.Register(next);
        // The canary's watches come from the agent's access patterns; the watch-bytes budget is the estimate's
        // (10 % of this control plane's read capacity), so gate estimate and the projection judge one figure.
        var analyzer = new HealthJudgeAnalyzer(new HealthJudge(BuiltInPack.Value, health))
        {
            Watches = CanaryWatch.From(next.AccessPatterns),
            Budgets = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [WellKnownSignals.ProjectionWatchBytes] = CostBudget.Default.SteadyBytesPerSecond(profile.ApiServer),
            },
        };
        var flowSchemas = new SimulatedFlowSchemas(model);
        cluster.RunUntil(WarmUpSeconds);

        var start = model.Simulator.Now;
        model.Timeline("rollout", $"gate rollout {target} --image {SimulatedDaemonSetOperator.ImageOf(next)} (stages 1, 1%, 10%, 50%, 100%; bake 5m)");
        var plan = new RolloutPlan
        {
            Intent = RolloutIntent.Rollout,
            Target = new TemplateChange { Image = SimulatedDaemonSetOperator.ImageOf(next) },
            Holder = "gate-simulated",
            MaxConcurrentStarts = StartupBudget.MaxConcurrentStarts(next, profile),
        };
        plan = adjust?.Invoke(plan) ?? plan;
        var lastPhase = string.Empty;
        RolloutProgress? last = null;
        var recorder = new RolloutRecorder(model.Clock);
        var ports = new RolloutPorts(cluster0, progress =>
        {
            last = progress;
            recorder.Observe(progress);
            var phase = $"{progress.Phase}/{progress.Stage}";
            if (phase != lastPhase)
            {
                lastPhase = phase;
                model.Timeline("gate", $"gate: {progress.Activity}");
            }
        }, flowSchemas);
        var newRevision = () => daemonSet.Revisions.FirstOrDefault(r => r.Template == next);
        model.AgentCounter = () => newRevision() is { } r ? daemonSet.Running(r) : 0;

        // The engine's awaits complete on simulator events and continue inline on this thread, which keeps the run
        // single-threaded and deterministic. A synchronization context (a test runner's) would disable inlining and
        // move continuations to the thread pool, so none is current while the engine runs.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        Task<RolloutOutcome> engine;
        try
        {
            engine = RolloutEngine.RunAsync(plan, ports, model.Clock, analyzer, CancellationToken.None);
            while (!engine.IsCompleted && model.Simulator.NextEventTime <= start + maxSeconds)
            {
                model.Simulator.RunUntil(model.Simulator.NextEventTime);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        // A run that reaches its simulated-time limit is an outcome, not a crash: the gate has not decided, so the run
        // is inconclusive (exit 4) and keeps its timeline (the engine is simply no longer driven).
        var outcome = engine.IsCompleted ? engine.GetAwaiter().GetResult() : TimeLimitReached(maxSeconds, last);
        if (!engine.IsCompleted)
        {
            model.Timeline("gate", "simulation stopped: " + outcome.Reason);
        }

        var end = model.Simulator.Now;
        var analyses = analyzer.Analyses.Select(a => new StageAnalysis(
            (a.Context.Now - SimulatedTimeProvider.Epoch).TotalSeconds - start,
            a.Context.StageIndex + 1,
            a.Context.UpdatedNodes,
            a.Stage.Kind,
            a.Verdict.Reason,
            a.Stage.Signals ?? [])
        {
            Projection = RecordedProjection.From(a.Verdict.Projection),
        }).ToList();
        var failed = analyses.FirstOrDefault(a => a.Outcome != StageVerdictKind.Healthy && outcome.Kind is RolloutOutcomeKind.RolledBack or RolloutOutcomeKind.Inconclusive);
        var revision = newRevision();
        var hash = revision?.Hash;
        return new WithGateResult
        {
            Outcome = outcome.Kind,
            Nodes = profile.Nodes,
            DetectedAtStage = failed?.Stage,
            MaxNodesOnNewRevision = hash is null ? 0 : daemonSet.PeakRunning.GetValueOrDefault(hash),
            DetectionSeconds = failed?.Seconds,
            RollbackSeconds = failed is null ? null : end - start - failed.Seconds,
            DurationSeconds = end - start,
            Reason = outcome.Reason,
            Analyses = analyses,
            OomKills = model.Replicas.Sum(r => r.Kills),
            Rejections = model.RejectedTotal,
            PeakMemoryFraction = model.Replicas.Max(r => r.PeakRssBytes / r.MemoryLimitBytes),
            FinalNodesOnNewRevision = revision is null ? 0 : daemonSet.Count(revision).Pods,
            Timeline = Relative(model.TimelineEntries, start),
            Samples = Relative(model.Samples, start),
            Events = recorder.Events.Select(e => new StageEvent((e.At - SimulatedTimeProvider.Epoch).TotalSeconds - start, e)).ToList(),
        };
    }

    /// <summary>The outcome of a run stopped at its simulated-time limit, naming where the rollout was.</summary>
    internal static RolloutOutcome TimeLimitReached(double maxSeconds, RolloutProgress? last)
    {
        var where = last is null
            ? "before its first step"
            : $"at stage {last.Stage + 1} of {last.StageCount} ({last.Phase.ToString().ToLowerInvariant()}, {last.Updated:N0} of {last.Total:N0} nodes updated)";
        var limit = maxSeconds >= 3600 ? $"{maxSeconds / 3600:0.#} simulated hours" : $"{maxSeconds / 60:0.#} simulated minutes";
        return new RolloutOutcome(RolloutOutcomeKind.Inconclusive, $"the simulated-time limit of {limit} was reached {where}: no verdict", null);
    }

    private static List<TimelineEntry> Relative(IEnumerable<TimelineEntry> entries, double start) =>
        entries.Where(e => e.Seconds >= start).Select(e => e with { Seconds = e.Seconds - start }).ToList();

    private static List<ControlPlaneSample> Relative(IEnumerable<ControlPlaneSample> samples, double start) =>
        samples.Where(s => s.Seconds >= start).Select(s => s with { Seconds = s.Seconds - start }).ToList();
}
