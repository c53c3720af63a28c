using System.Globalization;
using Gate.Cli.Commands.Estimate;
using Gate.Core;
using Gate.Core.Policies;
using Gate.Core.Reports;
using Spectre.Console;

namespace Gate.Cli.Commands.Policies;

/// <summary>Handlers of <c>gate policies list</c> and <c>gate policies explain RULE</c>.</summary>
internal static class PoliciesHandler
{
    public static int List(CliContext context, string? policyPath)
    {
        var policy = EmbeddedPolicy.Load(context, policyPath);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "rule", "name", "severity", "what it reports" })
        {
            table.AddColumn(column);
        }

        foreach (var rule in RuleCatalog.All)
        {
            table.AddRow(
                new Markup(rule.Id),
                new Markup(Markup.Escape(rule.Name)),
                new Markup(RuleCatalog.EffectiveSeverity(rule, policy).ToName()),
                new Markup(Markup.Escape(rule.Title)));
        }

        context.Console.Write(table);
        context.Console.WriteLine($"policy {policy.Name} ({policy.Source}); budgets:");
        foreach (var budget in policy.Budgets)
        {
            var size = budget.UpToNodes is { } up ? "up to " + Units.Count(up) + " nodes" : "larger clusters";
            context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {size}: read {Units.Percent(budget.ReadShare)} of API server capacity, start-up {budget.StartupBurstSeconds} s of it, "
                + $"APF {Units.Percent(budget.ApfShare)} of workload-low, first stage {budget.FirstStagePercent} % of nodes"));
        }

        return ExitCodes.Pass;
    }

    public static int Explain(CliContext context, string id)
    {
        var rule = RuleCatalog.Find(id) ?? throw new GateUsageException(
            $"unknown rule '{id}'",
            null,
            "run 'gate policies list' for the rule ids: " + string.Join(", ", RuleCatalog.All.Select(r => r.Id)));
        var text = $"{rule.Id} {rule.Name} (default severity: {rule.DefaultSeverity.ToName()})\n"
            + $"{rule.Title}.\n\n"
            + $"What it checks:\n  {rule.Description}\n\n"
            + $"How to fix:\n  {rule.Fix}\n\n"
            + $"Suppress for one workload: annotation {Suppressions.AnnotationKey}: \"{rule.Id}=<reason>\"\n"
            + $"Documentation: {ReportFacts.HelpUri(rule.Id)}\n";
        context.Out.Write(text);
        return ExitCodes.Pass;
    }
}
