using System.CommandLine;

namespace Gate.Cli.Commands.Rollout;

/// <summary><c>gate rollout</c>, <c>status</c>, <c>promote</c>, <c>abort</c>, <c>rollback</c>: the staged DaemonSet canary.</summary>
public static class RolloutCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return CreateRollout(context);
        yield return Simple("status", "Show the state of a gate rollout (stage, nodes updated/ready, last verdict).");
        yield return Simple("promote", "Skip the remaining bake time of the current stage and go on.");
        yield return Simple("abort", "Stop a rollout and roll the DaemonSet back to its previous revision.");
        yield return Simple("rollback", "Roll the DaemonSet back to its previous ControllerRevision.");
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
        command.Options.Add(SharedOptions.Prometheus());
        command.Options.Add(SharedOptions.ScrapeApiServer());
        var strategy = new Option<string>("--strategy")
        {
            Description = "ondelete (any DaemonSet) or kruise (Advanced DaemonSet partition).",
            DefaultValueFactory = _ => "ondelete",
        };
        strategy.AcceptOnlyFromAmong("ondelete", "kruise");
        command.Options.Add(strategy);
        command.Options.Add(new Option<bool>("--force") { Description = "Roll out even when the pre-flight check fails." });
        command.SetAction((_, _) => NotAvailable.Fail("gate rollout"));
        return command;
    }

    private static Command Simple(string name, string description)
    {
        var command = new Command(name, description);
        AddTarget(command);
        command.SetAction((_, _) => NotAvailable.Fail("gate " + name));
        return command;
    }

    private static void AddTarget(Command command)
    {
        command.Arguments.Add(SharedOptions.DaemonSet());
        command.Options.Add(SharedOptions.Namespace());
        command.Options.Add(SharedOptions.Kubeconfig());
        command.Options.Add(SharedOptions.Context());
    }
}
