using System.Globalization;
using System.Text;
using Gate.Core.Policies;

namespace Gate.Core.Reports;

/// <summary>
/// GitHub Actions workflow commands (<c>::error file=…,line=…::message</c>) for each finding. GitHub shows at most
/// ten annotations per level and step, so beyond ten a level gets nine annotations and a tenth that says how many
/// more there are. Suppressed findings become notices. Values are escaped as the runner expects.
/// </summary>
public static class GitHubAnnotationWriter
{
    /// <summary>Annotations GitHub shows per level in one step.</summary>
    public const int PerLevelLimit = 10;

    /// <summary>Renders the report as workflow-command lines, then one plain summary line.</summary>
    public static string Render(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<(string Level, string Line)>();
        foreach (var skipped in report.Skipped)
        {
            lines.Add(("warning", Command("warning", report, skipped.Position, "gate skipped a file", skipped.Message)));
        }

        if (report.Check is { } check)
        {
            foreach (var f in check.Findings)
            {
                var level = f.Suppressed ? "notice" : f.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
                var rule = RuleCatalog.Find(f.RuleId);
                var title = $"{f.RuleId} {rule?.Name}".Trim() + (f.Suppressed ? " (suppressed)" : string.Empty);
                var message = $"{report.WorkloadLabel(f)}: {f.Message}"
                    + (f.Suppressed ? $" [suppressed by {f.SuppressionSource}: {f.SuppressionReason}]" : string.Empty)
                    + $" ({ReportFacts.HelpUri(f.RuleId)})";
                lines.Add((level, Command(level, report, f.Origin, title, message)));
            }
        }
        else
        {
            var budget = Budgets.ReadBytesPerSecond(report.Estimate.Cluster.ApiServer, report.Budget);
            foreach (var e in report.Estimate.Workloads)
            {
                var message = $"{report.WorkloadLabel(e)} reads {Units.BytesPerSecond(e.Total.BytesPerSecond)} at "
                    + $"{Units.Nodes(report.Estimate.Cluster.Nodes)} (budget {Units.BytesPerSecond(budget)}), scaling {e.Scaling}";
                lines.Add(("notice", Command("notice", report, e.Workload.Origin, "gate estimate", message)));
            }
        }

        var output = new StringBuilder();
        foreach (var group in lines.GroupBy(l => l.Level))
        {
            var items = group.ToList();
            var shown = items.Count > PerLevelLimit ? PerLevelLimit - 1 : items.Count;
            foreach (var item in items.Take(shown))
            {
                output.Append(item.Line).Append('\n');
            }

            if (items.Count > shown)
            {
                output.Append(CultureInfo.InvariantCulture,
                    $"::{group.Key}::{items.Count - shown} more {group.Key} annotations not shown (GitHub shows {PerLevelLimit} per level); see the gate report\n");
            }
        }

        output.Append(Summary(report)).Append('\n');
        return output.ToString();
    }

    /// <summary>Escapes a message (the data after <c>::</c>).</summary>
    public static string EscapeData(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);
    }

    /// <summary>Escapes a property value (file, title): also <c>:</c> and <c>,</c>.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static string Command(string level, GateReport report, Manifests.SourcePosition? origin, string title, string message)
    {
        var properties = new List<string>();
        if (origin is { } o && o.File != "-")
        {
            properties.Add("file=" + EscapeProperty(report.DisplayPath(o.File)));
            if (o.Line > 0)
            {
                properties.Add("line=" + o.Line.ToString(CultureInfo.InvariantCulture));
                properties.Add("col=" + Math.Max(1, o.Column).ToString(CultureInfo.InvariantCulture));
            }
        }

        properties.Add("title=" + EscapeProperty(title));
        return $"::{level} {string.Join(',', properties)}::{EscapeData(message)}";
    }

    private static string Summary(GateReport report)
    {
        var nodes = Units.Nodes(report.Estimate.Cluster.Nodes);
        return report.Check is { } check
            ? $"gate check {(check.Passed ? "passed" : "failed")} at {nodes}: {ReportFacts.CountText(check.Findings)} (fails on {check.FailOn.ToName()})"
            : $"gate estimate at {nodes}: {report.Estimate.Workloads.Count} workload(s)";
    }
}
