using Gate.Core.Policies;
using Gate.Core.Reports;
using Spectre.Console;

namespace Gate.Cli.Commands.Estimate;

/// <summary>Renders the neutral <see cref="GateReport"/> as Spectre.Console tables (<c>--format table</c>).</summary>
internal static class TableReportRenderer
{
    public static void Render(IAnsiConsole console, GateReport report)
    {
        var cluster = report.Estimate.Cluster;
        var budget = Budgets.ReadBytesPerSecond(cluster.ApiServer, report.Budget);
        var title = report.Check is { } check
            ? $"gate check {(check.Passed ? "passed" : "FAILED")} at {Units.Nodes(cluster.Nodes)}: {ReportFacts.CountText(check.Findings)} (fails on {check.FailOn.ToName()})"
            : $"gate estimate at {Units.Nodes(cluster.Nodes)}";
        console.MarkupLine(Markup.Escape(title));
        console.MarkupLine(Markup.Escape(
            $"profile {cluster.Name} ({cluster.Source}), {Units.Rate(cluster.ApiServer.Cores)} API server cores; policy {report.Policy.Name} ({report.Policy.Source})"));
        foreach (var skipped in report.Skipped)
        {
            console.MarkupLine(Markup.Escape("skipped " + ReportFacts.SkippedLine(report, skipped)));
        }

        var summary = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "workload", "agent", "patterns", "scaling", "read/s", "budget/s", "API CPU", "API memory", "start-up read", "APF seats", "break-even" })
        {
            summary.AddColumn(column);
        }

        foreach (var e in report.Estimate.Workloads)
        {
            summary.AddRow(
                Cell(report.WorkloadLabel(e)),
                Cell(e.Workload.Agent),
                Cell(ReportFacts.SourceLabel(e.Workload.PatternSource) + ReportFacts.LeaderNote(e.Workload)),
                Cell(e.Scaling),
                Cell(Units.BytesPerSecond(e.Total.BytesPerSecond)),
                Cell(Units.BytesPerSecond(budget)),
                Cell(Units.Rate(e.Total.CpuCores) + " cores"),
                Cell(Units.Bytes(e.Total.PeakMemoryBytes)),
                Cell(Units.Bytes(e.Total.StartupBytes)),
                Cell(Units.Percent(e.Total.SeatUtilization)),
                Cell(e.BreakEvenNodes is { } n ? Units.Count(n) : "-"));
        }

        console.Write(summary);
        foreach (var e in report.Estimate.Workloads.Where(e => e.Workload.CreatedBy is not null))
        {
            console.MarkupLine(Markup.Escape($"{ReportFacts.Name(e.Workload)} is created by {e.Workload.CreatedBy}"));
        }

        foreach (var e in report.Estimate.Workloads.Where(e => e.Workload.FanIn is not null))
        {
            console.MarkupLine(Markup.Escape($"fan-in {ReportFacts.Name(e.Workload)}: {e.Workload.FanIn}"));
        }

        if (report.Check is not { Findings.Count: > 0 } result)
        {
            return;
        }

        var findings = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "severity", "rule", "workload", "finding", "where" })
        {
            findings.AddColumn(column);
        }

        foreach (var f in result.Findings)
        {
            findings.AddRow(
                Cell(f.Suppressed ? $"{f.Severity.ToName()} (suppressed: {f.SuppressionReason})" : f.Severity.ToName()),
                Cell(f.RuleId),
                Cell(report.WorkloadLabel(f)),
                Cell(f.Message),
                Cell(f.Origin is { } o ? $"{report.DisplayPath(o.File)}:{o.Line}" : "-"));
        }

        console.Write(findings);
    }

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
