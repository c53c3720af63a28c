using System.CommandLine;
using System.Globalization;
using System.Threading.Channels;
using Gate.Cli.Commands.Rollout;
using Gate.Core;
using Gate.Core.Fleet;
using Gate.Core.Rollout;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Fleet;

/// <summary>
/// <c>gate rollout DS -n NS (--image|--manifest) --fleet FLEET.yaml</c>: drives <see cref="FleetDecider"/> over real
/// clusters. Each cluster gets the pre-flight check at its own size and its own staged rollout (the same engine as
/// <c>gate rollout</c>, with its state in that cluster's annotation and Lease); the clusters of a wave roll out side by
/// side. On start the fleet reads every cluster's state, so a gate killed at any point resumes where it was.
/// </summary>
internal sealed class FleetRolloutRunner
{
    /// <summary>How often a paused wave checks for its approval.</summary>
    public static readonly TimeSpan ApprovalPoll = TimeSpan.FromSeconds(10);

    /// <summary>How often a cluster whose Lease another gate still holds (a killed gate's) is tried again.</summary>
    private const int LeaseAttempts = 4;

    private readonly ParseResult parse;
    private readonly CliContext context;
    private readonly FleetSetup fleet;
    private readonly RolloutPlan plan;
    private readonly FleetFailurePolicy onFailure;
    private readonly TextWriter output;
    private readonly Channel<FleetEvent> events = Channel.CreateUnbounded<FleetEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string daemonSet;
    private readonly string target;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> batches = new(StringComparer.Ordinal);

    public FleetRolloutRunner(ParseResult parse, CliContext context, FleetSetup fleet, RolloutPlan plan, FleetFailurePolicy onFailure)
    {
        this.parse = parse;
        this.context = context;
        this.fleet = fleet;
        this.plan = plan;
        this.onFailure = onFailure;
        output = TextWriter.Synchronized(context.Out);
        daemonSet = fleet.Members.Values.First().Target.Ref.ToString();
        target = plan.Target!.Describe();
    }

    public async Task<int> RunAsync(IFleetNotifier notifier, CancellationToken cancellationToken)
    {
        var pump = PumpAsync(notifier, cancellationToken);
        try
        {
            return await DriveAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            events.Writer.TryComplete();
            await pump.ConfigureAwait(false);
        }
    }

    private async Task<int> DriveAsync(CancellationToken cancellationToken)
    {
        var states = await fleet.ReadStatesAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = fleet.Outcomes(states, target);
        var running = new Dictionary<string, Task<FleetClusterOutcome>>(StringComparer.Ordinal);
        Line($"fleet {fleet.File.Path}: {daemonSet} to {target}; {Plan()}");
        foreach (var (name, outcome) in outcomes.Where(o => o.Value != FleetClusterOutcome.NotStarted).ToList())
        {
            Line($"[{name}] found {OutcomeText.Of(outcome)}{(outcome == FleetClusterOutcome.Running ? ": resuming its rollout" : string.Empty)}");
            if (outcome == FleetClusterOutcome.Running)
            {
                running[name] = RunClusterAsync(fleet.Members[name], WaveOf(name), cancellationToken);
            }
        }

        var approvedWave = 0;
        var pausedAt = 0;
        while (true)
        {
            var step = FleetDecider.Decide(fleet.Waves, outcomes, onFailure, approvedWave);
            switch (step)
            {
                case StartWaveStep start:
                    Line($"wave {start.Wave!.Number}: {string.Join(", ", start.Clusters.Select(c => $"{c} ({fleet.Members[c].Nodes:N0} nodes)"))}");
                    Publish(FleetEventKind.WaveStarted, start.Wave.Number, null, detail: string.Join(", ", start.Clusters));
                    foreach (var name in start.Clusters)
                    {
                        outcomes[name] = await PreflightAsync(fleet.Members[name], cancellationToken).ConfigureAwait(false);
                        if (outcomes[name] == FleetClusterOutcome.Running)
                        {
                            running[name] = RunClusterAsync(fleet.Members[name], start.Wave.Number, cancellationToken);
                        }
                    }

                    break;
                case WaitForWaveStep wait:
                    var done = await Task.WhenAny(wait.Running.Select(c => running[c])).ConfigureAwait(false);
                    var finished = running.First(r => r.Value == done).Key;
                    running.Remove(finished);
                    outcomes[finished] = await done.ConfigureAwait(false);
                    break;
                case AwaitApprovalStep pause:
                    var wave = pause.Wave!.Number;
                    if (pausedAt != wave)
                    {
                        pausedAt = wave;
                        Line($"wave {wave} paused: approve it with gate promote {fleet.Members.Values.First().Target.Ref.Name} -n {fleet.Members.Values.First().Target.Ref.Namespace} --fleet {fleet.File.Path}");
                        Publish(FleetEventKind.Paused, wave, null, detail: string.Join(", ", pause.Wave.Clusters));
                    }

                    if (await ApprovedAsync(pause.Wave, cancellationToken).ConfigureAwait(false))
                    {
                        Line($"wave {wave} approved");
                        approvedWave = wave;
                    }
                    else
                    {
                        await Task.Delay(ApprovalPoll, context.Clock, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case StopFleetStep { RollBack.Count: > 0 } rollBack:
                    foreach (var name in rollBack.RollBack)
                    {
                        outcomes[name] = await RollBackAsync(fleet.Members[name], cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case StopFleetStep stop:
                    var left = fleet.Waves.Where(w => w.Clusters.All(c => outcomes[c] == FleetClusterOutcome.NotStarted)).Select(w => w.Number).ToList();
                    var why = $"stopped at wave {stop.Wave!.Number}: {string.Join(", ", stop.Failed.Select(c => $"{c} {OutcomeText.Of(outcomes[c])}"))}"
                        + (left.Count > 0 ? $"; wave(s) {string.Join(", ", left)} not started" : string.Empty);
                    Line("fleet " + why);
                    Publish(FleetEventKind.Finished, stop.Wave.Number, null, outcome: "stopped", detail: why);
                    return ExitCode(outcomes);
                default:
                    Line($"fleet promoted: {fleet.Members.Count} cluster(s) in {fleet.Waves.Count} wave(s) run {target}");
                    Publish(FleetEventKind.Finished, null, null, outcome: "promoted");
                    return ExitCodes.Pass;
            }
        }
    }

    /// <summary>1 when a cluster was rolled back or refused, else 4 when one was inconclusive, else 3 (an unreachable cluster).</summary>
    private static int ExitCode(Dictionary<string, FleetClusterOutcome> outcomes) =>
        outcomes.Values.Any(o => o is FleetClusterOutcome.RolledBack or FleetClusterOutcome.Refused) ? ExitCodes.PolicyViolation
        : outcomes.Values.Any(o => o == FleetClusterOutcome.Inconclusive) ? ExitCodes.Inconclusive
        : ExitCodes.Environment;

    private async Task<FleetClusterOutcome> PreflightAsync(FleetMember member, CancellationToken cancellationToken)
    {
        Line($"[{member.Name}] pre-flight gate check at {member.Nodes:N0} nodes");
        try
        {
            var (refused, batch) = await RolloutPreflight.RunAsync(parse, context, member.Target, plan.Target!, cancellationToken, member.Nodes).ConfigureAwait(false);
            if (refused is null)
            {
                if (batch is { } size)
                {
                    batches[member.Name] = size;
                }

                return FleetClusterOutcome.Running;
            }

            Publish(FleetEventKind.Finished, WaveOf(member.Name), member.Name, outcome: "refused", detail: "the pre-flight gate check failed");
            return FleetClusterOutcome.Refused;
        }
        catch (GateEnvironmentException ex)
        {
            return Failed(member, ex);
        }
    }

    private async Task<FleetClusterOutcome> RunClusterAsync(FleetMember member, int wave, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            var prometheus = member.Cluster.Prometheus?.ToString() ?? parse.GetValue<string?>("--prometheus")
                ?? throw new GateUsageException($"cluster '{member.Name}' has no health source", member.Cluster.Position, "give it prometheus: URL in the fleet file, or pass --prometheus");
            var analyzer = await RolloutHandlers.AnalyzerAsync(parse, context, prometheus, cancellationToken).ConfigureAwait(false);
            var progress = new ProgressEvents(this, member.Name, wave);
            for (var attempt = 1; ; attempt++)
            {
                var ports = new RolloutPorts(member.Target.Cluster, progress.On, member.Target.FlowSchemas);
                // each cluster replaces pods in the batches its own pre-flight allows (a resumed one: the plan's default)
                var own = batches.TryGetValue(member.Name, out var size) ? plan with { MaxConcurrentStarts = size } : plan;
                var outcome = await RolloutEngine.RunAsync(own, ports, context.Clock, analyzer, cancellationToken).ConfigureAwait(false);
                if (outcome.Kind == RolloutOutcomeKind.LeaseHeld && attempt < LeaseAttempts)
                {
                    // a killed gate's Lease runs out after its duration: then this gate takes the rollout over
                    Line($"[{member.Name}] {outcome.Reason}; trying again in {plan.Timings.LeaseDuration.TotalSeconds:0} s");
                    await Task.Delay(plan.Timings.LeaseDuration, context.Clock, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var result = FleetOutcomes.Of(outcome.Kind);
                Line($"[{member.Name}] {outcome.Kind.ToString().ToLowerInvariant()}: {outcome.Reason}");
                Publish(result == FleetClusterOutcome.Promoted ? FleetEventKind.Finished : FleetEventKind.RolledBack, wave, member.Name, outcome: OutcomeText.Of(result), detail: outcome.Reason);
                return result;
            }
        }
        catch (Exception ex) when (ex is GateEnvironmentException or GateUsageException)
        {
            return Failed(member, ex);
        }
    }

    private async Task<FleetClusterOutcome> RollBackAsync(FleetMember member, CancellationToken cancellationToken)
    {
        Line($"[{member.Name}] rolling back (--on-failure rollback-all)");
        var rollback = plan with { Intent = RolloutIntent.Rollback, Target = null };
        var ports = new RolloutPorts(member.Target.Cluster, _ => { }, member.Target.FlowSchemas);
        try
        {
            var outcome = await RolloutEngine.RunAsync(rollback, ports, context.Clock, new NoHealthAnalyzer(), cancellationToken).ConfigureAwait(false);
            Line($"[{member.Name}] {outcome.Kind.ToString().ToLowerInvariant()}: {outcome.Reason}");
            Publish(FleetEventKind.RolledBack, WaveOf(member.Name), member.Name, outcome: OutcomeText.Of(FleetClusterOutcome.RolledBackByFleet), detail: "--on-failure rollback-all");
            return outcome.Kind == RolloutOutcomeKind.Aborted ? FleetClusterOutcome.RolledBackByFleet : FleetClusterOutcome.Failed;
        }
        catch (GateEnvironmentException ex)
        {
            return Failed(member, ex);
        }
    }

    private FleetClusterOutcome Failed(FleetMember member, Exception ex)
    {
        Line($"[{member.Name}] failed: {(ex as GateUsageException)?.ToUserLine() ?? ex.Message}");
        Publish(FleetEventKind.Finished, WaveOf(member.Name), member.Name, outcome: "failed", detail: ex.Message);
        return FleetClusterOutcome.Failed;
    }

    private async Task<bool> ApprovedAsync(FleetWave wave, CancellationToken cancellationToken)
    {
        var approval = await fleet.Members[wave.Clusters[0]].Approval.ReadAsync(cancellationToken).ConfigureAwait(false);
        return approval == target || approval == FleetApprovals.AnyTarget;
    }

    private int WaveOf(string cluster) => fleet.Waves.First(w => w.Clusters.Contains(cluster)).Number;

    private string Plan() => string.Join("; ", fleet.Waves.Select(w =>
        $"wave {w.Number}{(w.PauseBefore ? " (pauses)" : string.Empty)}: {string.Join(", ", w.Clusters.Select(c => $"{c} {fleet.Members[c].Nodes:N0} nodes"))}"));

    private void Line(string text) => output.WriteLine(text);

    private void Publish(FleetEventKind kind, int? wave, string? cluster, int? stage = null, string? outcome = null, string? detail = null) =>
        events.Writer.TryWrite(new FleetEvent
        {
            Kind = kind,
            DaemonSet = daemonSet,
            Wave = wave,
            Cluster = cluster,
            Stage = stage,
            Outcome = outcome,
            Detail = detail,
            Time = context.Clock.GetUtcNow(),
        });

    /// <summary>Sends events one at a time, in order, off the rollouts' path: a slow webhook never holds a rollback.</summary>
    private async Task PumpAsync(IFleetNotifier notifier, CancellationToken cancellationToken)
    {
        await foreach (var e in events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await notifier.NotifyAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Turns one cluster's engine progress into lines and stage/verdict events.</summary>
    private sealed class ProgressEvents(FleetRolloutRunner owner, string cluster, int wave)
    {
        private int stage = -1;
        private string? verdict;
        private string? activity;

        public void On(RolloutProgress progress)
        {
            if (progress.Activity != activity)
            {
                activity = progress.Activity;
                owner.Line($"[{cluster}] {progress.Activity}");
            }

            if (progress.Phase == RolloutPhase.Updating && progress.Stage != stage)
            {
                stage = progress.Stage;
                owner.Publish(FleetEventKind.StageStarted, wave, cluster, stage + 1, detail: string.Create(CultureInfo.InvariantCulture, $"{progress.StageTarget:N0} of {progress.Total:N0} nodes"));
            }

            if (progress.Verdict is { } v && v != verdict)
            {
                verdict = v;
                owner.Publish(FleetEventKind.Verdict, wave, cluster, progress.Stage + 1, outcome: v);
            }
        }
    }
}

/// <summary>Values of the approval mark.</summary>
internal static class FleetApprovals
{
    /// <summary>Written by <c>gate promote --fleet</c> when no cluster has started yet (so no target is known).</summary>
    public const string AnyTarget = "*";
}
