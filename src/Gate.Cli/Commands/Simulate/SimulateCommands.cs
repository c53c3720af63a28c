using System.CommandLine;
using Gate.Cli.Reports;
using Gate.Cli.Reports.Html;
using Gate.Core;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Simulate;

/// <summary><c>gate simulate</c> and <c>gate demo</c>: the simulated control plane.</summary>
public static class SimulateCommands
{
    public static Command CreateSimulate(CliContext context)
    {
        var command = new Command("simulate", "Run the DaemonSets in PATH on a simulated control plane of N nodes, without and/or with the gate.");
        command.Arguments.Add(SharedOptions.Paths("Manifest files or folders, or '-' for standard input."));
        command.Options.Add(SharedOptions.Nodes("Simulated cluster size in nodes (default 1000)."));
        command.Options.Add(new Option<bool>("--with-gate") { Description = "Only the staged rollout through the gate (default: both runs)." });
        command.Options.Add(new Option<bool>("--without-gate") { Description = "Only the run without the gate: the agent starts on every node at once (default: both runs)." });
        command.Options.Add(new Option<int>("--seed") { Description = "Seed of the simulation's random source: same seed, same output.", DefaultValueFactory = _ => 42 });
        command.Options.Add(new Option<bool>("--per-node-clients")
        {
            Description = "Simulate every pod's and node's API clients as objects of their own instead of one cohort per agent revision and per system informer (the same requests; the reference the cohorts are checked against, slower and larger past 10,000 nodes).",
        });
        command.Options.Add(SharedOptions.Format("table", "json", "markdown", "html"));
        command.Options.Add(SharedOptions.Output());
        var fleet = Fleet.FleetSimulateHandler.Option();
        command.Options.Add(fleet);
        command.SetAction((parse, ct) => parse.GetValue(fleet) is { } sizes
            ? new Fleet.FleetSimulateHandler(context).RunAsync(parse, sizes, ct)
            : new SimulateHandler(context).RunAsync(parse, ct));
        return command;
    }

    public static Command CreateDemo(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("demo", "An OpenAI-style agent on a simulated 5,000-node cluster: without Gate, with Gate, then the fixed agent promoted.");
        var format = SharedOptions.Format("table", "json", "markdown", "html");
        var output = SharedOptions.Output();
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var demo = DemoResult.Run();
            var text = parse.GetValue(format) switch
            {
                "json" => DemoRenderer.ToJson(demo),
                "markdown" => DemoRenderer.ToText(demo, markdown: true),
                "html" => HtmlRenderer.Render(SimulationPages.Demo(demo)),
                _ => DemoRenderer.ToText(demo, markdown: false),
            };
            await ReportOutput.WriteAsync(context, parse.GetValue(output), text, cancellationToken).ConfigureAwait(false);
            return demo.AsExpected ? ExitCodes.Pass : ExitCodes.PolicyViolation;
        });
        return command;
    }
}
