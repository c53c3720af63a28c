using System.CommandLine;
using System.Globalization;
using Gate.Cli.Commands.Rollout;
using Gate.Core;
using Gate.Core.Fleet;
using Gate.Core.Rollout;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Fleet;

/// <summary>The <c>--fleet FLEET.yaml</c> forms of <c>gate rollout</c>, <c>gate status</c> and <c>gate promote</c>.</summary>
internal static class FleetCommands
{
    /// <summary>The <c>--fleet</c> option of rollout/status/promote.</summary>
    public static Option<string?> FleetOption() => new("--fleet")
    {
        Description = "A fleet file (FLEET.yaml, docs/fleet.md): act on the DaemonSet in every cluster it lists, wave by wave, smallest first.",
    };

    /// <summary>Adds the options only <c>gate rollout --fleet</c> reads.</summary>
    public static void AddRolloutOptions(Command rollout)
    {
        var onFailure = new Option<string>("--on-failure")
        {
            Description = "With --fleet, when a cluster fails: stop (finished clusters keep the new version) or rollback-all.",
            DefaultValueFactory = _ => "stop",
        };
        onFailure.AcceptOnlyFromAmong("stop", "rollback-all");
        rollout.Options.Add(onFailure);
        rollout.Options.Add(new Option<int[]>("--pause-before-wave")
        {
            Description = "With --fleet, wait for gate promote --fleet before this wave starts (repeatable).",
            AllowMultipleArgumentsPerToken = true,
        });
        rollout.Options.Add(new Option<string?>("--notify") { Description = "With --fleet, POST each fleet event as JSON (with a Slack-compatible 'text') to this webhook URL." });
    }

    public static async Task<int> RolloutAsync(ParseResult parse, CliContext context, string fleetPath, RolloutPlan plan, CancellationToken cancellationToken)
    {
        if (parse.GetValue<bool>("--scrape-apiserver"))
        {
            throw new GateUsageException("--scrape-apiserver is not supported by gate rollout yet", hint: "give each cluster prometheus: URL in the fleet file, or pass --prometheus URL");
        }

        var notifyUrl = parse.GetValue<string?>("--notify");
        Uri? notify = null;
        if (notifyUrl is not null && (!Uri.TryCreate(notifyUrl, UriKind.Absolute, out notify) || notify.Scheme is not ("http" or "https")))
        {
            throw new GateUsageException($"--notify: '{notifyUrl}' is not an http(s) URL", hint: "pass the webhook URL, e.g. https://hooks.slack.com/services/...");
        }

        var pauses = parse.GetValue<int[]>("--pause-before-wave") ?? [];
        if (pauses.Any(p => p < 1))
        {
            throw new GateUsageException($"--pause-before-wave must be a wave number of at least 1, got {pauses.First(p => p < 1)}");
        }

        var fleet = await FleetSetup.LoadAsync(parse, context, fleetPath, pauses, cancellationToken).ConfigureAwait(false);
        if (fleet.Members.Values.FirstOrDefault(m => m.Cluster.ScrapeApiServer) is { } scraping)
        {
            throw new GateUsageException($"cluster '{scraping.Name}': scrapeApiServer is not supported by gate rollout yet", scraping.Cluster.Position, "give it prometheus: URL");
        }

        if (parse.GetValue<string?>("--prometheus") is null && fleet.Members.Values.FirstOrDefault(m => m.Cluster.Prometheus is null) is { } blind)
        {
            throw new GateUsageException($"cluster '{blind.Name}' has no health source", blind.Cluster.Position, "give it prometheus: URL in the fleet file, or pass --prometheus URL for every cluster without one");
        }

        if (pauses.FirstOrDefault(p => p > fleet.Waves.Count) is > 0 and var beyond)
        {
            throw new GateUsageException($"--pause-before-wave {beyond}: the fleet has {fleet.Waves.Count} wave(s)");
        }

        var onFailure = parse.GetValue<string>("--on-failure") == "rollback-all" ? FleetFailurePolicy.RollbackAll : FleetFailurePolicy.Stop;
        var runner = new FleetRolloutRunner(parse, context, fleet, plan, onFailure);
        if (notify is null)
        {
            return await runner.RunAsync(new NoNotifier(), cancellationToken).ConfigureAwait(false);
        }

        using var http = new HttpClient();
        return await runner.RunAsync(new WebhookNotifier(http, notify, TextWriter.Synchronized(context.Error)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>gate status DS -n NS --fleet FLEET.yaml</c>: one row per cluster, wave order. Exit 1 when a cluster was rolled back.</summary>
    public static async Task<int> StatusAsync(ParseResult parse, CliContext context, string fleetPath, CancellationToken cancellationToken)
    {
        var fleet = await FleetSetup.LoadAsync(parse, context, fleetPath, [], cancellationToken).ConfigureAwait(false);
        var states = await fleet.ReadStatesAsync(cancellationToken).ConfigureAwait(false);
        var target = FleetSetup.CurrentTarget(states);
        var outcomes = fleet.Outcomes(states, target);
        var daemonSet = fleet.Members.Values.First().Target.Ref;
        await context.Out.WriteLineAsync($"fleet {fleet.File.Path}: {daemonSet}, {(target is null ? "no gate rollout recorded" : "rollout of " + target)}").ConfigureAwait(false);
        string[] header = ["wave", "cluster", "nodes", "state", "stage", "detail"];
        var rows = fleet.Waves.SelectMany(w => w.Clusters.Select(c =>
        {
            var state = states[c];
            var stage = state is { StageTargets.Count: > 0 } s && s.Target == target ? $"{s.Stage + 1}/{s.StageTargets.Count}" : "-";
            var detail = state?.Target == target ? state?.Reason ?? state?.LastVerdict ?? string.Empty : string.Empty;
            return new[] { w.Number.ToString(CultureInfo.InvariantCulture), c, fleet.Members[c].Nodes.ToString("N0", CultureInfo.InvariantCulture), OutcomeText.Of(outcomes[c]), stage, detail };
        })).ToList();
        foreach (var line in FleetTable.Lines(header, rows))
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (FleetDecider.Decide(AllPaused(fleet), outcomes) is AwaitApprovalStep { Wave: { } next } && target is not null && outcomes.Values.Any(o => o == FleetClusterOutcome.Promoted))
        {
            await context.Out.WriteLineAsync($"next: wave {next.Number} ({string.Join(", ", next.Clusters)}) has not started").ConfigureAwait(false);
        }

        return outcomes.Values.Any(o => o.IsFailure()) ? ExitCodes.PolicyViolation : ExitCodes.Pass;
    }

    /// <summary>
    /// <c>gate promote DS -n NS --fleet FLEET.yaml</c>: approves the next wave that has not started (the running
    /// <c>gate rollout --fleet</c> waiting before it goes on). Exit 2 when no wave is waiting.
    /// </summary>
    public static async Task<int> PromoteAsync(ParseResult parse, CliContext context, string fleetPath, CancellationToken cancellationToken)
    {
        var fleet = await FleetSetup.LoadAsync(parse, context, fleetPath, [], cancellationToken).ConfigureAwait(false);
        var states = await fleet.ReadStatesAsync(cancellationToken).ConfigureAwait(false);
        var target = FleetSetup.CurrentTarget(states);
        switch (FleetDecider.Decide(AllPaused(fleet), fleet.Outcomes(states, target)))
        {
            case AwaitApprovalStep { Wave: { } wave }:
                await fleet.Members[wave.Clusters[0]].Approval.WriteAsync(target ?? FleetApprovals.AnyTarget, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"wave {wave.Number} ({string.Join(", ", wave.Clusters)}) approved{(target is null ? string.Empty : " for " + target)}: the waiting gate starts it").ConfigureAwait(false);
                return ExitCodes.Pass;
            case WaitForWaveStep { Wave: { } running }:
                throw new GateUsageException($"no wave waits for approval: wave {running.Number} is rolling out", hint: "gate promote DS -n NS --context CLUSTER skips the bake of a cluster's current stage");
            case StopFleetStep { Wave: { } stopped }:
                throw new GateUsageException($"no wave waits for approval: the fleet stopped at wave {stopped.Number}", hint: "see gate status --fleet");
            default:
                throw new GateUsageException("no wave waits for approval: every wave is promoted");
        }
    }

    /// <summary>The waves with every one pausing: the next wave that has not started is the one to approve.</summary>
    private static List<FleetWave> AllPaused(FleetSetup fleet) => fleet.Waves.Select(w => w with { PauseBefore = true }).ToList();
}
