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
    /// <summary>The factories with the names of the commands each creates, so one command can be built alone.</summary>
    private static readonly (string[] Names, Func<CliContext, IEnumerable<Command>> Create)[] Factories =
    [
        (["estimate"], c => [EstimateCommands.CreateEstimate(c)]),
        (["check"], c => [EstimateCommands.CreateCheck(c)]),
        (["rollout", "status", "promote", "abort", "rollback"], RolloutCommands.Create),
        (["analyze"], c => [AnalyzeCommands.CreateAnalyze(c)]),
        (["serve"], c => [AnalyzeCommands.CreateServe(c)]),
        (["simulate"], c => [SimulateCommands.CreateSimulate(c)]),
        (["demo"], c => [SimulateCommands.CreateDemo(c)]),
        (["profile"], c => [ProfileCommand.Create(c)]),
        (["policies"], c => [PoliciesCommand.Create(c)]),
        (["github"], c => [GitHubCommand.Create(c)]),
    ];

    /// <summary>The names of the top-level commands, in catalogue order.</summary>
    public static IEnumerable<string> Names => Factories.SelectMany(f => f.Names);

    public static IEnumerable<Command> Create(CliContext context) => Factories.SelectMany(f => f.Create(context));

    /// <summary>
    /// Only the command named <paramref name="name"/> (start-up: a run builds the one command it invokes, not the
    /// whole tree), or null when no command has that name.
    /// </summary>
    public static Command? CreateOnly(CliContext context, string name)
    {
        foreach (var (names, create) in Factories)
        {
            if (names.Contains(name, StringComparer.Ordinal))
            {
                return create(context).First(c => c.Name == name);
            }
        }

        return null;
    }
}
