using System.CommandLine;
using System.Globalization;
using Gate.Cli.Commands.Analyze;
using Gate.Cli.Input;
using Gate.Cli.Reports.Html;
using Gate.Core;
using Gate.Core.Health;
using Gate.Core.Rollout;
using Gate.Prometheus;

namespace Gate.Cli.Commands.Rollout;

/// <summary>The handlers of <c>gate rollout</c>, <c>status</c>, <c>promote</c>, <c>abort</c> and <c>rollback</c>.</summary>
internal static class RolloutHandlers
{
    public static async Task<int> RolloutAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var image = parse.GetValue<string?>("--image");
        var manifest = parse.GetValue<string?>("--manifest");
        if ((image is null) == (manifest is null))
        {
            throw new GateUsageException("pass exactly one of --image and --manifest");
        }

        var name = parse.GetValue<string>("daemonset")!;
        var target = manifest is null ? new TemplateChange { Image = image } : new TemplateChange { TemplateJson = ManifestTemplate.Read(context.ResolvePath(manifest), name) };
        var stages = StageSize.Parse(parse.GetValue<string>("--stages") ?? "1,1%,10%,50%,100%");
        var bake = Duration(parse.GetValue<string>("--bake") ?? "5m");
        var kruise = IsKruise(parse);
        var plan = new RolloutPlan
        {
            Intent = RolloutIntent.Rollout,
            Target = target,
            Stages = stages,
            Bake = bake,
            Mode = kruise ? RolloutMode.Kruise : RolloutMode.OnDelete,
            Holder = RolloutTarget.Holder(),
        };
        if (parse.GetValue<string?>("--fleet") is { } fleet)
        {
            RefuseFleetReport(parse);
            return await Fleet.FleetCommands.RolloutAsync(parse, context, fleet, plan, cancellationToken).ConfigureAwait(false);
        }

        var report = parse.GetValue<string?>("--report");
        var recorder = report is null ? null : new RolloutRecorder(context.Clock);
        var analyzer = await AnalyzerAsync(parse, context, recorder, cancellationToken).ConfigureAwait(false);
        var connection = RolloutTarget.Connect(parse, context, kruise);
        var (refused, batch) = await RolloutPreflight.RunAsync(parse, context, connection, target, cancellationToken).ConfigureAwait(false);
        if (refused is { } code)
        {
            return code;
        }

        plan = plan with { MaxConcurrentStarts = batch ?? plan.MaxConcurrentStarts };

        return await RunAsync(plan, connection, analyzer, context, cancellationToken, recorder is null ? null : (recorder, report!)).ConfigureAwait(false);
    }

    public static async Task<int> StatusAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var connection = RolloutTarget.Connect(parse, context, IsKruise(parse));
        var daemonSet = await connection.Cluster.GetDaemonSetAsync(cancellationToken).ConfigureAwait(false);
        var revisions = await connection.Cluster.ListRevisionsAsync(cancellationToken).ConfigureAwait(false);
        var pods = await connection.Cluster.ListAgentPodsAsync(null, cancellationToken).ConfigureAwait(false);
        var state = RolloutState.Parse(daemonSet.StateJson);
        var output = context.Out;
        await output.WriteLineAsync($"daemonset {connection.Ref}: {string.Join(", ", daemonSet.Images)}; strategy {Strategy(daemonSet.Strategy)}").ConfigureAwait(false);
        foreach (var revision in revisions.OrderByDescending(r => r.Revision))
        {
            var at = pods.Where(p => p.RevisionHash == revision.Hash).ToList();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  revision {revision.Revision} ({revision.Hash}): {at.Count} pods, {at.Count(p => p.Ready)} ready")).ConfigureAwait(false);
        }

        if (state is null)
        {
            await output.WriteLineAsync("no gate rollout recorded").ConfigureAwait(false);
            return ExitCodes.Pass;
        }

        if (parse.GetValue<string?>("--report") is { } report)
        {
            var updated = state.NewRevision is { } revision ? pods.Count(p => p.RevisionHash == revision.Hash && !p.Terminating) : 0;
            await RolloutPages.WriteStatusAsync(context, report, connection.Ref, state, updated, daemonSet.DesiredNumberScheduled, cancellationToken).ConfigureAwait(false);
        }

        var stage = state.StageTargets.Count == 0 ? "preparing" : $"stage {state.Stage + 1}/{state.StageTargets.Count}";
        await output.WriteLineAsync($"rollout {state.Target}: {state.Phase.ToString().ToLowerInvariant()}, {stage}").ConfigureAwait(false);
        if (state.Reason is { } reason)
        {
            await output.WriteLineAsync("  reason: " + reason).ConfigureAwait(false);
        }

        if (state.LastVerdict is { } verdict)
        {
            await output.WriteLineAsync("  last verdict: " + verdict).ConfigureAwait(false);
        }

        return state.Phase switch
        {
            RolloutPhase.RolledBack => state.RollbackKind == RolloutOutcomeKind.Inconclusive ? ExitCodes.Inconclusive : ExitCodes.PolicyViolation,
            _ => ExitCodes.Pass,
        };
    }

    public static async Task<int> PromoteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var connection = RolloutTarget.Connect(parse, context, IsKruise(parse));
        var state = await RolloutEngine.RequestAsync(connection.Cluster, s => s with { PromoteStage = s.Stage }, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            throw new GateUsageException($"no gate rollout in progress on {connection.Ref}");
        }

        await context.Out.WriteLineAsync($"promote requested: stage {state.Stage + 1} skips the rest of its bake (the running gate analyses now)").ConfigureAwait(false);
        return ExitCodes.Pass;
    }

    public static async Task<int> AbortAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var connection = RolloutTarget.Connect(parse, context, IsKruise(parse));
        var state = await RolloutEngine.RequestAsync(connection.Cluster, s => s with { AbortRequested = true }, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            throw new GateUsageException($"no gate rollout in progress on {connection.Ref}", hint: "use gate rollback to return to the previous revision");
        }

        var plan = new RolloutPlan { Intent = RolloutIntent.Abort, Holder = RolloutTarget.Holder(), Mode = state.Mode };
        return await RunAsync(plan, connection, new NoHealthAnalyzer(), context, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<int> RollbackAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var kruise = IsKruise(parse);
        var connection = RolloutTarget.Connect(parse, context, kruise);
        var plan = new RolloutPlan { Intent = RolloutIntent.Rollback, Holder = RolloutTarget.Holder(), Mode = kruise ? RolloutMode.Kruise : RolloutMode.OnDelete };
        return await RunAsync(plan, connection, new NoHealthAnalyzer(), context, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(
        RolloutPlan plan, RolloutTarget connection, IStageAnalyzer analyzer, CliContext context, CancellationToken cancellationToken, (RolloutRecorder Recorder, string File)? report = null)
    {
        var view = new RolloutView(context);
        IReadOnlyList<StageAnalysisRecord> Analyses() => analyzer is HealthJudgeAnalyzer judged ? judged.Analyses : [];
        RolloutOutcome outcome;
        try
        {
            outcome = await view.RunAsync(progress =>
                RolloutEngine.RunAsync(
                    plan,
                    new RolloutPorts(connection.Cluster, report is { Recorder: var recorder } ? p => { recorder.Observe(p); progress(p); } : progress, connection.FlowSchemas),
                    context.Clock,
                    analyzer,
                    cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex) when (report is { } partial && ex is OperationCanceledException or GateEnvironmentException)
        {
            // the page of what the gate saw so far, with no outcome: the rollout goes on in the cluster's state
            var note = ex is OperationCanceledException
                ? "The gate was interrupted before the rollout ended. The rollout's state stays in the cluster: gate status shows it, and gate rollout with the same target resumes it."
                : "The gate stopped before the rollout ended: " + ex.Message + ". The rollout's state stays in the cluster: gate status shows it, and gate rollout with the same target resumes it.";
            await RolloutPages.WriteAsync(context, partial.File, partial.Recorder.ToRecord(connection.Ref, Analyses(), null), CancellationToken.None, note).ConfigureAwait(false);
            throw;
        }

        if (report is { } written)
        {
            await RolloutPages.WriteAsync(context, written.File, written.Recorder.ToRecord(connection.Ref, Analyses(), outcome), cancellationToken).ConfigureAwait(false);
        }

        var line = outcome.Kind switch
        {
            RolloutOutcomeKind.LeaseHeld when plan.Intent == RolloutIntent.Abort => "abort requested: " + outcome.Reason + "; it rolls back",
            _ => $"{outcome.Kind.ToString().ToLowerInvariant()}: {outcome.Reason}",
        };
        await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        // gate abort / gate rollback succeed when the rollback they asked for happened (or the holding gate does it)
        var requested = (plan.Intent is RolloutIntent.Abort or RolloutIntent.Rollback && outcome.Kind is RolloutOutcomeKind.Aborted)
            || (outcome.Kind == RolloutOutcomeKind.LeaseHeld && plan.Intent == RolloutIntent.Abort);
        return requested ? ExitCodes.Pass : outcome.ExitCode;
    }

    /// <summary>Exit 2 when <c>--report</c> is given with <c>--fleet</c>: a fleet's rollouts have no HTML report yet.</summary>
    internal static void RefuseFleetReport(ParseResult parse)
    {
        if (parse.GetValue<string?>("--report") is not null)
        {
            throw new GateUsageException("--report is not available with --fleet yet", hint: "write one report per cluster: gate status DS -n NS --report FILE.html with that cluster's --kubeconfig and --context");
        }
    }

    internal static bool IsKruise(ParseResult parse) => parse.GetValue<string>("--strategy") == "kruise";

    private static string Strategy(UpdateStrategySpec s) =>
        s.Type + (s.MaxUnavailable is null ? string.Empty : " maxUnavailable=" + s.MaxUnavailable) + (s.Partition is null ? string.Empty : " partition=" + s.Partition.Value.ToString(CultureInfo.InvariantCulture));

    private static TimeSpan Duration(string text)
    {
        try
        {
            return HealthPackLoader.ParseDuration(text);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new GateUsageException($"--bake: '{text}' is not a duration", hint: "use e.g. 90s or 5m");
        }
    }

    /// <summary>
    /// The stage analyzer: the signal pack (built-in or <c>--analysis</c>, with <c>--cluster</c> overrides) over the
    /// Prometheus at <c>--prometheus</c>, built by the same factory as <c>gate analyze</c> and <c>gate serve</c>
    /// (GATE_PROMETHEUS_TOKEN, a <c>/-/ready</c> probe before the rollout starts).
    /// </summary>
    private static async Task<IStageAnalyzer> AnalyzerAsync(ParseResult parse, CliContext context, RolloutRecorder? recorder, CancellationToken cancellationToken)
    {
        var prometheus = parse.GetValue<string?>("--prometheus");
        if (prometheus is null)
        {
            throw new GateUsageException(
                "gate rollout needs a health source",
                hint: parse.GetValue<bool>("--scrape-apiserver") ? "--scrape-apiserver is not supported by gate rollout yet: pass --prometheus URL" : "pass --prometheus URL");
        }

        return await AnalyzerAsync(parse, context, prometheus, cancellationToken, recorder).ConfigureAwait(false);
    }

    /// <summary>
    /// The stage analyzer over the Prometheus at <paramref name="prometheus"/> (a fleet gives each cluster its own);
    /// with a <paramref name="recorder"/>, every sample the judge reads is recorded for the report.
    /// </summary>
    internal static async Task<IStageAnalyzer> AnalyzerAsync(ParseResult parse, CliContext context, string prometheus, CancellationToken cancellationToken, RolloutRecorder? recorder = null)
    {
        var pack = AnalyzeHandler.LoadPack(context, new AnalyzeRequest { Analysis = parse.GetValue<string?>("--analysis"), Cluster = parse.GetValue<string?>("--cluster") });
        var source = await AnalyzeHandler.PrometheusSourceAsync(context, prometheus, cancellationToken).ConfigureAwait(false);
        return new HealthJudgeAnalyzer(new HealthJudge(pack, recorder is null ? source : recorder.Wrap(source)));
    }
}
