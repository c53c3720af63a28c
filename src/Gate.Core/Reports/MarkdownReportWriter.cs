using System.Globalization;
using System.Text;
using Gate.Core.Cost;
using Gate.Core.Policies;

namespace Gate.Core.Reports;

/// <summary>
/// Markdown for PR comments and job summaries: a verdict line, a summary table per workload, findings, a per-pattern
/// table, a Mermaid <c>xychart-beta</c> of read bytes/s vs nodes with the budget line, and how to fix each finding.
/// Stable: no timestamps, workloads and findings in report order. Documented in docs/reports.md.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>Renders <paramref name="report"/> as GitHub-flavoured Markdown.</summary>
    public static string Render(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var cluster = report.Estimate.Cluster;
        var nodes = Units.Nodes(cluster.Nodes);
        if (report.Check is { } check)
        {
            var verdict = check.Passed ? "✅ passed" : "❌ failed";
            md.Append(CultureInfo.InvariantCulture, $"## Gate check {verdict} at {nodes}\n\n");
            md.Append(CultureInfo.InvariantCulture, $"{ReportFacts.CountText(check.Findings)}; fails on {check.FailOn.ToName()}. ");
        }
        else
        {
            md.Append(CultureInfo.InvariantCulture, $"## Gate estimate at {nodes}\n\n");
        }

        md.Append(CultureInfo.InvariantCulture,
            $"Cluster profile `{cluster.Name}` ({cluster.Source}): {nodes}, {Units.Rate(cluster.ApiServer.Cores)} API server cores. "
            + $"Policy `{report.Policy.Name}` ({report.Policy.Source}).\n\n");
        Skipped(md, report);
        Summary(md, report);
        if (report.Check is { } c)
        {
            Findings(md, report, c);
        }

        foreach (var estimate in report.Estimate.Workloads)
        {
            Workload(md, report, estimate);
        }

        if (report.Check is { } withFindings)
        {
            HowToFix(md, withFindings);
        }

        return md.ToString().TrimEnd() + "\n";
    }

    private static void Skipped(StringBuilder md, GateReport report)
    {
        if (report.Skipped.Count == 0)
        {
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"Skipped {report.Skipped.Count} file{(report.Skipped.Count == 1 ? string.Empty : "s")} that {(report.Skipped.Count == 1 ? "is" : "are")} not manifests:\n\n");
        foreach (var skipped in report.Skipped)
        {
            md.Append(CultureInfo.InvariantCulture, $"- `{report.DisplayPath(skipped.File)}`: {skipped.Message}\n");
        }

        md.Append('\n');
    }

    private static void Summary(StringBuilder md, GateReport report)
    {
        if (report.Estimate.Workloads.Count == 0)
        {
            md.Append("No DaemonSet or Deployment found in the inputs.\n\n");
            return;
        }

        var budget = Budgets.ReadBytesPerSecond(report.Estimate.Cluster.ApiServer, report.Budget);
        md.Append("| workload | agent | patterns | scaling | read/s | budget/s | start-up read | APF seats | break-even | result |\n");
        md.Append("|---|---|---|---|--:|--:|--:|--:|--:|---|\n");
        foreach (var e in report.Estimate.Workloads)
        {
            var name = report.WorkloadLabel(e);
            var result = report.IsCheck ? Verdict(report, e) : "-";
            md.Append(CultureInfo.InvariantCulture,
                $"| `{name}` | {Cell(e.Workload.Agent)} | {ReportFacts.SourceLabel(e.Workload.PatternSource)}{ReportFacts.LeaderNote(e.Workload)} | {Scaling(e.Scaling)} "
                + $"| {Units.BytesPerSecond(e.Total.BytesPerSecond)} | {Units.BytesPerSecond(budget)} | {Units.Bytes(e.Total.StartupBytes)} "
                + $"| {Units.Percent(e.Total.SeatUtilization)} | {BreakEven(e)} | {result} |\n");
        }

        md.Append('\n');
    }

    private static string Verdict(GateReport report, WorkloadEstimate workload)
    {
        var findings = report.FindingsOf(workload).ToList();
        var fails = findings.Any(report.Check!.Fails);
        return (fails ? "❌ " : "✅ ") + ReportFacts.CountText(findings);
    }

    private static void Findings(StringBuilder md, GateReport report, CheckResult check)
    {
        md.Append("### Findings\n\n");
        if (check.Findings.Count == 0)
        {
            md.Append("No rule reported anything.\n\n");
            return;
        }

        md.Append("| severity | rule | workload | finding | where |\n|---|---|---|---|---|\n");
        foreach (var f in check.Findings)
        {
            var icon = f.Severity switch { Severity.Error => "❌", Severity.Warning => "⚠️", _ => "ℹ️" };
            var severity = f.Suppressed
                ? $"{f.Severity.ToName()} (suppressed by {f.SuppressionSource}: {Cell(f.SuppressionReason ?? string.Empty)})"
                : $"{icon} {f.Severity.ToName()}";
            var where = f.Origin is { } o ? $"`{report.DisplayPath(o.File)}:{o.Line}`" : "-";
            md.Append(CultureInfo.InvariantCulture,
                $"| {severity} | [{f.RuleId}]({ReportFacts.HelpUri(f.RuleId)}) | `{report.WorkloadLabel(f)}` | {Cell(f.Message)} | {where} |\n");
        }

        md.Append('\n');
    }

    private static void Workload(StringBuilder md, GateReport report, WorkloadEstimate e)
    {
        var name = report.WorkloadLabel(e);
        md.Append(CultureInfo.InvariantCulture, $"### `{name}` ({e.Workload.Kind}, {Cell(e.Workload.Agent)})\n\n");
        if (e.Workload.CreatedBy is { } createdBy)
        {
            md.Append(CultureInfo.InvariantCulture, $"**Created by** — {Cell(createdBy)}\n\n");
        }

        if (e.Workload.FanIn is { } fanIn)
        {
            md.Append(CultureInfo.InvariantCulture, $"**Fan-in** — {Cell(fanIn)}\n\n");
        }

        foreach (var note in e.Workload.Notes)
        {
            md.Append(CultureInfo.InvariantCulture, $"> {Cell(note)}\n");
        }

        if (e.Workload.Notes.Count > 0)
        {
            md.Append('\n');
        }

        if (e.Patterns.Count == 0)
        {
            md.Append("Makes no API server requests.\n\n");
        }
        else
        {
            md.Append("| # | request | selectors | when | served from | req/s | read/s | start-up read | seats | where |\n");
            md.Append("|--:|---|---|---|---|--:|--:|--:|--:|---|\n");
            for (var i = 0; i < e.Patterns.Count; i++)
            {
                var c = e.Patterns[i];
                var p = c.Pattern;
                var where = p.Origin is { } o ? $"`{report.DisplayPath(o.File)}:{o.Line}`" : "-";
                md.Append(CultureInfo.InvariantCulture,
                    $"| {i + 1} | {p.Verb.ToString().ToUpperInvariant()} {p.GroupResource} ({ReportFacts.ScopeName(p.Scope)}){ReportFacts.Copies(p)}{(p.UpperBound ? " *upper bound*" : string.Empty)} "
                    + $"| {Cell(ReportFacts.Selectors(p))} | {ReportFacts.Period(p)} | {c.ServedFrom} | {Units.Rate(c.RequestsPerSecond)} "
                    + $"| {Units.BytesPerSecond(c.BytesPerSecond)} | {Units.Bytes(c.StartupBytes)} | {c.Seats} | {where} |\n");
            }

            if (e.Patterns.Any(c => c.ServedFromReason.Length > 0))
            {
                md.Append("\nWhere each request is served:\n\n");
                for (var i = 0; i < e.Patterns.Count; i++)
                {
                    md.Append(CultureInfo.InvariantCulture, $"{i + 1}. {e.Patterns[i].ServedFrom}: {e.Patterns[i].ServedFromReason}\n");
                }
            }

            md.Append('\n');
        }

        Chart(md, report, e, name);
    }

    private static void Chart(StringBuilder md, GateReport report, WorkloadEstimate e, string name)
    {
        if (e.Series.Count < 2)
        {
            return;
        }

        var x = string.Join(", ", e.Series.Select(p => p.Nodes.ToString(CultureInfo.InvariantCulture)));
        var cost = string.Join(", ", e.Series.Select(p => Megabytes(p.Total.BytesPerSecond)));
        var budget = string.Join(", ", e.Series.Select(p => Megabytes(ReportFacts.ReadBudgetAt(report, p))));
        md.Append("```mermaid\nxychart-beta\n");
        md.Append(CultureInfo.InvariantCulture, $"    title \"{name}: steady read MB/s vs nodes\"\n");
        md.Append(CultureInfo.InvariantCulture, $"    x-axis \"nodes\" [{x}]\n");
        md.Append("    y-axis \"MB/s\"\n");
        md.Append(CultureInfo.InvariantCulture, $"    line [{cost}]\n");
        md.Append(CultureInfo.InvariantCulture, $"    line [{budget}]\n");
        md.Append("```\n\n");
        md.Append("First line: estimated steady read MB/s; second line: the policy's read budget at each size.\n\n");
    }

    private static void HowToFix(StringBuilder md, CheckResult check)
    {
        var ids = check.Findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        md.Append("### How to fix\n\n");
        foreach (var id in ids)
        {
            var rule = RuleCatalog.Find(id)!;
            md.Append(CultureInfo.InvariantCulture, $"**{rule.Id} {rule.Name}**: {rule.Title}. {rule.Fix} ([rule documentation]({ReportFacts.HelpUri(rule.Id)}))\n\n");
        }
    }

    private static string Megabytes(double bytesPerSecond) =>
        (bytesPerSecond / 1e6).ToString(bytesPerSecond < 1e7 ? "0.###" : "0.#", CultureInfo.InvariantCulture);

    private static string Scaling(string scaling) => scaling.Replace("^2", "²", StringComparison.Ordinal);

    private static string BreakEven(WorkloadEstimate e) => e.BreakEvenNodes is { } n ? Units.Count(n) : "-";

    /// <summary>Makes text safe inside a table cell: no pipes or line breaks.</summary>
    private static string Cell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
