using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gate.GitHub.Reports;

namespace Gate.GitHub.Rendering;

/// <summary>
/// Renders the sticky PR comment, the job summary and the check-run output from a <see cref="ReportSet"/>.
/// Deterministic: no timestamps; the same reports give the same text.
/// </summary>
public static partial class MarkdownRenderer
{
    /// <summary>GitHub's limit for an issue comment body.</summary>
    public const int MaxCommentChars = 65_536;

    /// <summary>Findings listed in the table of the comment/summary; the rest are counted.</summary>
    public const int MaxFindingRows = 50;

    private const string CurrentStart = "<!-- gate:current -->";
    private const string CurrentEnd = "<!-- /gate:current -->";

    /// <summary>
    /// The hidden marker that identifies the sticky comment. <paramref name="key"/> separates several Action steps
    /// on one PR (e.g. a matrix over clusters); it is reduced to letters, digits, '.', '_' and '-'.
    /// </summary>
    public static string Marker(string? key)
    {
        var clean = UnsafeKeyChars().Replace(key ?? string.Empty, string.Empty);
        return $"<!-- gate-report:{(clean.Length == 0 ? "default" : clean)} -->";
    }

    /// <summary>The verdict heading, totals, the per-size table and the findings table.</summary>
    public static string RenderOverview(ReportSet set, GitHubRunContext? context)
    {
        ArgumentNullException.ThrowIfNull(set);
        var text = new StringBuilder();
        text.Append(set.Passed ? "## ✅ Gate: DaemonSet cost check passed" : "## ❌ Gate: DaemonSet cost check failed").Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{Plural(set.Count("error"), "error")}, {Plural(set.Count("warning"), "warning")}, {set.SuppressedCount} suppressed")
            .Append(CultureInfo.InvariantCulture, $" · largest safe cluster: **{set.MaxSafe.ToDisplay()}**");
        if (context?.HeadSha is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" · commit `{context.ShortSha}`");
        }

        text.Append("\n\n| Run | Verdict | Errors | Warnings | Suppressed | Max safe nodes |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var r in set.Reports)
        {
            var findings = r.Report.Findings;
            text.Append(CultureInfo.InvariantCulture, $"| {Cell(r.Label)} | {(r.Report.Passed ? "✅ pass" : "❌ fail")} | ")
                .Append(CultureInfo.InvariantCulture, $"{findings.Count(f => !f.Suppressed && IsSeverity(f, "error"))} | ")
                .Append(CultureInfo.InvariantCulture, $"{findings.Count(f => !f.Suppressed && IsSeverity(f, "warning"))} | ")
                .Append(CultureInfo.InvariantCulture, $"{findings.Count(f => f.Suppressed)} | {r.MaxSafe.ToDisplay()} |\n");
        }

        text.Append('\n');
        if (set.Findings.Count == 0)
        {
            text.Append("No findings.\n");
            return text.ToString();
        }

        var located = AnnotationBuilder.Group(set, context is null ? (f => f.Replace('\\', '/')) : context.RelativePath);
        text.Append("### Findings\n\n| Severity | Rule | Workload | Location | ")
            .Append(set.IsMultiSize ? "Runs | " : string.Empty)
            .Append("Message |\n|---|---|---|---|")
            .Append(set.IsMultiSize ? "---|" : string.Empty)
            .Append("---|\n");
        foreach (var l in located.Take(MaxFindingRows))
        {
            var f = l.Finding;
            var where = l.Path is null ? "—" : f.Origin is { Line: > 0 } o ? $"`{Cell(l.Path)}:{o.Line}`" : $"`{Cell(l.Path)}`";
            text.Append(CultureInfo.InvariantCulture, $"| {SeverityCell(f)} | {Cell(f.RuleId)} | {Cell(f.Workload ?? "—")} | {where} | ");
            if (set.IsMultiSize)
            {
                text.Append(Cell(string.Join(", ", l.Labels))).Append(" | ");
            }

            text.Append(Cell(f.Message)).Append(" |\n");
        }

        if (located.Count > MaxFindingRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n…and {located.Count - MaxFindingRows} more findings: see the check run annotations or the full report below.\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// The sticky comment: the marker, the overview, each run's full Markdown report collapsed, the previous
    /// result collapsed (taken from <paramref name="previousBody"/>), and a footer; at most
    /// <see cref="MaxCommentChars"/> characters.
    /// </summary>
    public static string RenderComment(ReportSet set, GitHubRunContext? context, string marker, string? previousBody)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var head = new StringBuilder()
            .Append(marker).Append('\n')
            .Append(CurrentStart).Append('\n')
            .Append(RenderOverview(set, context))
            .Append('\n')
            .Append(CurrentEnd).Append("\n\n")
            .ToString();

        var previous = ExtractCurrent(previousBody) is { } old
            ? $"<details><summary>Previous result</summary>\n\n{Demote(old)}\n</details>\n\n"
            : string.Empty;
        var footer = "<sub>Posted by gate"
            + (context?.HeadSha is null ? string.Empty : $" for commit {context.ShortSha}")
            + (context?.RunUrl is null ? string.Empty : $" · [workflow run]({context.RunUrl})")
            + " · this comment is updated on every run</sub>\n";

        var details = new StringBuilder();
        foreach (var r in set.Reports)
        {
            details.Append(CultureInfo.InvariantCulture, $"<details><summary>Full cost report: {Cell(r.Label)}</summary>\n\n")
                .Append(FullReport(r).TrimEnd()).Append("\n\n</details>\n\n");
        }

        var budget = MaxCommentChars - head.Length - previous.Length - footer.Length;
        if (budget < 200)
        {
            previous = string.Empty;
            budget = MaxCommentChars - head.Length - footer.Length;
        }

        var body = details.ToString();
        if (body.Length > budget)
        {
            body = TextLimit.Truncate(body, budget - 12, "_The full report is longer than a comment allows: see the job summary._\n\n</details>") + "\n\n";
        }

        return head + body + previous + footer;
    }

    /// <summary>The job summary: notices (e.g. "could not comment"), the overview and every full report, open.</summary>
    public static string RenderJobSummary(ReportSet set, GitHubRunContext? context, IReadOnlyList<string> notices)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(notices);
        var text = new StringBuilder();
        foreach (var notice in notices)
        {
            text.Append("> [!NOTE]\n> ").Append(notice.ReplaceLineEndings("\n> ")).Append("\n\n");
        }

        text.Append(RenderOverview(set, context)).Append('\n');

        foreach (var r in set.Reports)
        {
            text.Append(CultureInfo.InvariantCulture, $"### Cost report: {Cell(r.Label)}\n\n").Append(FullReport(r).TrimEnd()).Append("\n\n");
        }

        return text.ToString();
    }

    /// <summary>Check-run output text: every full report, kept under GitHub's 65,535-character limit.</summary>
    public static string RenderCheckRunText(ReportSet set, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(set);
        var text = new StringBuilder();
        foreach (var r in set.Reports)
        {
            text.Append(CultureInfo.InvariantCulture, $"## Cost report: {Cell(r.Label)}\n\n").Append(FullReport(r).TrimEnd()).Append("\n\n");
        }

        return TextLimit.Truncate(text.ToString().TrimEnd() + "\n", maxChars, "_Truncated to GitHub's check-run limit: the job summary has the full report._");
    }

    /// <summary>The overview section of a previous comment body, or null when it has none.</summary>
    public static string? ExtractCurrent(string? body)
    {
        if (body is null)
        {
            return null;
        }

        var start = body.IndexOf(CurrentStart, StringComparison.Ordinal);
        var end = body.IndexOf(CurrentEnd, StringComparison.Ordinal);
        return start < 0 || end <= start ? null : body[(start + CurrentStart.Length)..end].Trim();
    }

    private static string FullReport(LabelledReport r) =>
        r.Markdown is { Length: > 0 } markdown
            ? Demote(markdown)
            : $"_No Markdown report beside `{Cell(r.Label)}.json` (write it with `gate check --format markdown`)._";

    /// <summary>Moves every Markdown heading two levels down (outside code fences), to nest a report under ours.</summary>
    internal static string Demote(string markdown)
    {
        var inFence = false;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && lines[i].StartsWith('#'))
            {
                lines[i] = "##" + lines[i];
            }
        }

        return string.Join('\n', lines);
    }

    private static bool IsSeverity(CheckFinding f, string severity) => string.Equals(f.Severity, severity, StringComparison.OrdinalIgnoreCase);

    private static string SeverityCell(CheckFinding f)
    {
        var icon = ReportSet.SeverityRank(f.Severity) switch
        {
            0 => "🛑",
            1 => "⚠️",
            _ => "ℹ️",
        };
        return f.Suppressed ? $"{icon} {Cell(f.Severity)} (suppressed)" : $"{icon} {Cell(f.Severity)}";
    }

    private static string Plural(int count, string word) => $"**{count} {word}{(count == 1 ? string.Empty : "s")}**";

    /// <summary>Makes text safe for one Markdown table cell: one line, no pipes, no raw HTML.</summary>
    internal static string Cell(string value) =>
        value.ReplaceLineEndings(" ")
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal);

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeKeyChars();
}
