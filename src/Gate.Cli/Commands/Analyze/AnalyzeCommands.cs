using System.CommandLine;

namespace Gate.Cli.Commands.Analyze;

/// <summary><c>gate analyze</c> and <c>gate serve</c>: control-plane health verdicts (Argo Rollouts job and web providers).</summary>
public static class AnalyzeCommands
{
    public static Command CreateAnalyze(CliContext context)
    {
        var command = new Command("analyze", "Judge control-plane health now: pass, fail or inconclusive.");
        var once = new Option<bool>("--once") { Description = "Analyse one window and exit (the Argo job provider)." };
        var exitCode = new Option<bool>("--exit-code") { Description = "Exit 0 pass, 1 fail, 4 inconclusive." };
        var format = SharedOptions.Format("table", "json");
        var cluster = SharedOptions.Cluster();
        var daemonSet = new Option<string?>("--daemonset") { Description = "The agent's DaemonSet: enables its canary signals and the projection." };
        var pods = new Option<string[]>("--pods") { Description = "The agent's new-revision pods on canary nodes (comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };
        var canaryNodes = new Option<int?>("--canary-nodes") { Description = "Nodes running the canary (default: the number of --pods)." };
        var fleetNodes = new Option<int?>("--fleet-nodes") { Description = "Nodes in the whole fleet: projects the canary's measured cost per node to it." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "When the canary started (ISO 8601): the baseline is the window before it." };
        command.Options.Add(once);
        command.Options.Add(exitCode);
        command.Options.Add(format);
        command.Options.Add(cluster);
        command.Options.Add(daemonSet);
        command.Options.Add(pods);
        command.Options.Add(canaryNodes);
        command.Options.Add(fleetNodes);
        command.Options.Add(since);
        var sources = AddSources(command);
        command.SetAction((parse, cancellationToken) => AnalyzeHandler.RunAsync(
            context,
            new AnalyzeRequest
            {
                Once = parse.GetValue(once),
                ExitCode = parse.GetValue(exitCode),
                Format = parse.GetValue(format) ?? "table",
                Cluster = parse.GetValue(cluster),
                DaemonSet = parse.GetValue(daemonSet),
                Pods = (parse.GetValue(pods) ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                CanaryNodes = parse.GetValue(canaryNodes),
                FleetNodes = parse.GetValue(fleetNodes),
                Since = parse.GetValue(since),
                Prometheus = parse.GetValue(sources.Prometheus),
                ScrapeApiServer = parse.GetValue(sources.ScrapeApiServer),
                Analysis = parse.GetValue(sources.Analysis),
                Namespace = parse.GetValue(sources.Namespace),
                Kubeconfig = parse.GetValue(sources.Kubeconfig),
                Context = parse.GetValue(sources.Context),
            },
            cancellationToken));
        return command;
    }

    public static Command CreateServe(CliContext context)
    {
        var command = new Command("serve", "Serve health verdicts over HTTP for Argo Rollouts' web metric provider.");
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to listen on (0.0.0.0:8080 for all interfaces).",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        var tokenFile = new Option<string?>("--token-file") { Description = "File holding the bearer token callers must present (or $GATE_SERVE_TOKEN)." };
        var cluster = SharedOptions.Cluster();
        command.Options.Add(listen);
        command.Options.Add(tokenFile);
        command.Options.Add(cluster);
        var sources = AddSources(command);
        command.SetAction((parse, cancellationToken) => ServeHandler.RunAsync(
            context,
            new ServeRequest
            {
                Listen = parse.GetValue(listen) ?? "127.0.0.1:8080",
                TokenFile = parse.GetValue(tokenFile),
                Cluster = parse.GetValue(cluster),
                Prometheus = parse.GetValue(sources.Prometheus),
                ScrapeApiServer = parse.GetValue(sources.ScrapeApiServer),
                Analysis = parse.GetValue(sources.Analysis),
            },
            cancellationToken));
        return command;
    }

    private static SourceOptions AddSources(Command command)
    {
        var sources = new SourceOptions(
            SharedOptions.Prometheus(), SharedOptions.ScrapeApiServer(), SharedOptions.Analysis(), SharedOptions.Namespace(fromKubeContext: false), SharedOptions.Kubeconfig(), SharedOptions.Context());
        command.Options.Add(sources.Prometheus);
        command.Options.Add(sources.ScrapeApiServer);
        command.Options.Add(sources.Analysis);
        command.Options.Add(sources.Namespace);
        command.Options.Add(sources.Kubeconfig);
        command.Options.Add(sources.Context);
        return sources;
    }

    private sealed record SourceOptions(
        Option<string?> Prometheus, Option<bool> ScrapeApiServer, Option<string?> Analysis, Option<string?> Namespace, Option<string?> Kubeconfig, Option<string?> Context);
}
