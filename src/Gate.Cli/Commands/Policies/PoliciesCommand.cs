using System.CommandLine;

namespace Gate.Cli.Commands.Policies;

/// <summary><c>gate policies list</c> and <c>gate policies explain RULE</c>.</summary>
public static class PoliciesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("policies", "List the policy rules or explain one.");
        var list = new Command("list", "List the rules (GATE1xx) of the policy and their severities.");
        list.Options.Add(new Option<string?>("--policy") { Description = "Policy file (default: built-in)." });
        list.SetAction((_, _) => NotAvailable.Fail("gate policies list"));
        var explain = new Command("explain", "Explain one rule: what it checks, why, and how to fix a finding.");
        explain.Arguments.Add(new Argument<string>("rule") { Description = "Rule id, e.g. GATE101." });
        explain.SetAction((_, _) => NotAvailable.Fail("gate policies explain"));
        command.Subcommands.Add(list);
        command.Subcommands.Add(explain);
        return command;
    }
}
