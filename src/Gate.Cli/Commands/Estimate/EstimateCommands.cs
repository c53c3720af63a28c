using System.CommandLine;

namespace Gate.Cli.Commands.Estimate;

/// <summary><c>gate estimate</c> and <c>gate check</c>: the PR-time cost estimate and policy check.</summary>
public static class EstimateCommands
{
    public static Command CreateEstimate(CliContext context)
    {
        var command = new Command("estimate", "Estimate what the DaemonSets in PATH cost the API server at a cluster size.");
        AddInputOptions(command);
        command.SetAction((parse, ct) => new EstimateHandler(context).RunAsync(parse, check: false, ct));
        return command;
    }

    public static Command CreateCheck(CliContext context)
    {
        var command = new Command("check", "Estimate, then apply the policy rules (GATE1xx); exit 1 on a violation.");
        AddInputOptions(command);
        command.Options.Add(new Option<string?>("--policy") { Description = "Policy file (default: the built-in policies/default.yaml)." });
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Lowest finding severity that fails the check: error or warning.",
            DefaultValueFactory = _ => "error",
        };
        failOn.AcceptOnlyFromAmong("error", "warning");
        command.Options.Add(failOn);
        command.SetAction((parse, ct) => new EstimateHandler(context).RunAsync(parse, check: true, ct));
        return command;
    }

    private static void AddInputOptions(Command command)
    {
        command.Arguments.Add(SharedOptions.Paths("Manifest files or folders (*.yaml, *.yml, *.json), or '-' for standard input."));
        command.Options.Add(SharedOptions.Nodes("Cluster size in nodes; derives object counts (30 pods per node, …). Default: 1,000 nodes (the medium profile)."));
        command.Options.Add(SharedOptions.Profile());
        command.Options.Add(SharedOptions.FromCluster());
        command.Options.Add(SharedOptions.Patterns());
        command.Options.Add(SharedOptions.Format(SharedOptions.ReportFormats));
        command.Options.Add(SharedOptions.Output());
        command.Options.Add(SharedOptions.Kubeconfig());
        command.Options.Add(SharedOptions.Context());
    }
}
