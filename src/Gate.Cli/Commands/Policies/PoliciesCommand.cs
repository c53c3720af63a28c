using System.CommandLine;

namespace Gate.Cli.Commands.Policies;

/// <summary><c>gate policies list</c> and <c>gate policies explain RULE</c>.</summary>
public static class PoliciesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("policies", "List the policy rules or explain one.");
        var list = new Command("list", "List the rules (GATE1xx) of the policy and their severities.");
        var policy = new Option<string?>("--policy") { Description = "Policy file (default: built-in)." };
        list.Options.Add(policy);
        list.SetAction(parse => PoliciesHandler.List(context, parse.GetValue(policy)));
        var explain = new Command("explain", "Explain one rule: what it checks, why, and how to fix a finding.");
        var rule = new Argument<string>("rule") { Description = "Rule id, e.g. GATE101." };
        explain.Arguments.Add(rule);
        explain.SetAction(parse => PoliciesHandler.Explain(context, parse.GetValue(rule)!));
        command.Subcommands.Add(list);
        command.Subcommands.Add(explain);
        return command;
    }
}
