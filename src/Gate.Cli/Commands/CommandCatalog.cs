using System.CommandLine;
using Gate.Cli.Commands.Analyze;
using Gate.Cli.Commands.Estimate;
using Gate.Cli.Commands.GitHub;
using Gate.Cli.Commands.Policies;
using Gate.Cli.Commands.Profile;
using Gate.Cli.Commands.Rollout;
using Gate.Cli.Commands.Simulate;

namespace Gate.Cli.Commands;

/// <summary>Every top-level command, in the order <c>gate --help</c> lists them (DESIGN.md, "Commands").</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return EstimateCommands.CreateEstimate(context);
        yield return EstimateCommands.CreateCheck(context);
        foreach (var command in RolloutCommands.Create(context))
        {
            yield return command;
        }

        yield return AnalyzeCommands.CreateAnalyze(context);
        yield return AnalyzeCommands.CreateServe(context);
        yield return SimulateCommands.CreateSimulate(context);
        yield return SimulateCommands.CreateDemo(context);
        yield return ProfileCommand.Create(context);
        yield return PoliciesCommand.Create(context);
        yield return GitHubCommand.Create(context);
    }
}
