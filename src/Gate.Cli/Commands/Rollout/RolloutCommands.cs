using System.CommandLine;

namespace Gate.Cli.Commands.Rollout;

/// <summary><c>gate rollout</c>, <c>status</c>, <c>promote</c>, <c>abort</c>, <c>rollback</c>: the staged DaemonSet canary.</summary>
public static class RolloutCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return CreateRollout(context);
        var status = Simple(context, "status", "Show the state of a gate rollout (stage, nodes updated/ready, last verdict).", RolloutHandlers.StatusAsync);
        status.Options.Add(Report("Write the rollout's HTML report to this file, brought up to date from the rollout's state (keeps what a gate rollout --report wrote there)."));
        yield return WithFleet(
            status,
            context,
            (parse, cli, fleet, cancellationToken) =>
            {
                RolloutHandlers.RefuseFleetReport(parse);
                return Fleet.FleetCommands.StatusAsync(parse, cli, fleet, cancellationToken);
            },
            RolloutHandlers.StatusAsync);
        yield return WithFleet(Simple(context, "promote", "Skip the remaining bake time of the current stage and go on.", RolloutHandlers.PromoteAsync), context, Fleet.FleetCommands.PromoteAsync, RolloutHandlers.PromoteAsync);
        yield return Simple(context, "abort", "Stop a rollout and roll the DaemonSet back to its previous revision.", RolloutHandlers.AbortAsync);
        yield return Simple(context, "rollback", "Roll the DaemonSet back to its previous ControllerRevision.", RolloutHandlers.RollbackAsync);
    }

    private static Command CreateRollout(CliContext context)
    {
        var command = new Command("rollout", "Roll a DaemonSet out in staged canaries, watch control-plane health, roll back on failure.");
        AddTarget(command);
        command.Options.Add(new Option<string?>("--manifest") { Description = "The new DaemonSet manifest to roll out." });
        command.Options.Add(new Option<string?>("--image") { Description = "New image for the DaemonSet's first container (instead of --manifest)." });
        command.Options.Add(new Option<string>("--stages")
        {
            Description = "Comma-separated stage sizes: node counts or percentages.",
            DefaultValueFactory = _ => "1,1%,10%,50%,100%",
        });
        command.Options.Add(new Option<string>("--bake")
        {
            Description = "Bake time per stage before the health analysis (e.g. 90s, 5m).",
            DefaultValueFactory = _ => "5m",
        });
        command.Options.Add(SharedOptions.Analysis());
        command.Options.Add(SharedOptions.Cluster());
        command.Options.Add(SharedOptions.Prometheus());
        command.Options.Add(SharedOptions.ScrapeApiServer());
        command.Options.Add(Strategy());
        command.Options.Add(new Option<string[]>("--manifests")
        {
            Description = "Files or folders with objects for the pre-flight check (ConfigMaps, RBAC, ...); they take precedence over the cluster's copies.",
            AllowMultipleArgumentsPerToken = true,
        });
        command.Options.Add(new Option<string?>("--policy") { Description = "Policy file of the pre-flight check (default: the built-in policies/default.yaml)." });
        command.Options.Add(new Option<bool>("--force") { Description = "Roll out even when the pre-flight gate check fails (logs a warning)." });
        command.Options.Add(Report("Write an HTML report of the rollout to this file when it ends: health samples, stages, rollback, projections and verdicts."));
        command.Options.Add(Fleet.FleetCommands.FleetOption());
        Fleet.FleetCommands.AddRolloutOptions(command);
        command.SetAction((parse, cancellationToken) => RolloutHandlers.RolloutAsync(parse, context, cancellationToken));
        return command;
    }

    private static Command Simple(CliContext context, string name, string description, Func<ParseResult, CliContext, CancellationToken, Task<int>> handler)
    {
        var command = new Command(name, description);
        AddTarget(command);
        command.Options.Add(Strategy());
        command.SetAction((parse, cancellationToken) => handler(parse, context, cancellationToken));
        return command;
    }

    /// <summary>Adds <c>--fleet</c> to <paramref name="command"/>: with it the fleet handler runs, else the single-cluster one.</summary>
    private static Command WithFleet(Command command, CliContext context, Func<ParseResult, CliContext, string, CancellationToken, Task<int>> fleet, Func<ParseResult, CliContext, CancellationToken, Task<int>> single)
    {
        var option = Fleet.FleetCommands.FleetOption();
        command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => parse.GetValue(option) is { } file ? fleet(parse, context, file, cancellationToken) : single(parse, context, cancellationToken));
        return command;
    }

    private static Option<string?> Report(string description) => new("--report") { Description = description };

    private static Option<string> Strategy()
    {
        var strategy = new Option<string>("--strategy")
        {
            Description = "ondelete (any DaemonSet) or kruise (Advanced DaemonSet partition).",
            DefaultValueFactory = _ => "ondelete",
        };
        strategy.AcceptOnlyFromAmong("ondelete", "kruise");
        return strategy;
    }

    private static void AddTarget(Command command)
    {
        command.Arguments.Add(SharedOptions.DaemonSet());
        command.Options.Add(SharedOptions.Namespace());
        command.Options.Add(SharedOptions.Kubeconfig());
        command.Options.Add(SharedOptions.Context());
    }
}
