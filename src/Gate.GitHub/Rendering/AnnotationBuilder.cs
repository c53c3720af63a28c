using Gate.GitHub.Publishing;
using Gate.GitHub.Reports;

namespace Gate.GitHub.Rendering;

/// <summary>
/// Turns findings into annotations. A finding reported at several cluster sizes becomes one annotation that names
/// every size, so a reviewer sees each manifest line once.
/// </summary>
public static class AnnotationBuilder
{
    /// <summary>One finding at one place, with the labels of every run that reported it.</summary>
    public sealed record Located(CheckFinding Finding, string? Path, IReadOnlyList<string> Labels)
    {
        public AnnotationLevel Level => Finding.Suppressed
            ? AnnotationLevel.Notice
            : Finding.Severity.ToUpperInvariant() switch
            {
                "ERROR" => AnnotationLevel.Failure,
                "WARNING" => AnnotationLevel.Warning,
                _ => AnnotationLevel.Notice,
            };

        public string Title => string.IsNullOrEmpty(Finding.Workload) ? Finding.RuleId : $"{Finding.RuleId} {Finding.Workload}";

        /// <summary>The message with the sizes it applies to (when the set has several) and a suppression mark.</summary>
        public string Message(bool multiSize) =>
            (multiSize ? $"[{string.Join(", ", Labels)}] " : string.Empty)
            + Finding.Message
            + (Finding.Suppressed ? " (suppressed)" : string.Empty);
    }

    /// <summary>Groups the set's findings by rule, place, severity and message, keeping the set's order.</summary>
    public static IReadOnlyList<Located> Group(ReportSet set, Func<string, string> relativePath)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(relativePath);
        return set.Findings
            .GroupBy(f => (
                f.Finding.RuleId,
                Path: f.Finding.Origin?.File is { Length: > 0 } file ? relativePath(file) : null,
                Line: f.Finding.Origin?.Line ?? 0,
                Column: f.Finding.Origin?.Column ?? 0,
                Severity: f.Finding.Severity.ToUpperInvariant(),
                f.Finding.Suppressed,
                f.Finding.Workload,
                f.Finding.Message))
            .Select(g => new Located(g.First().Finding, g.Key.Path, g.Select(f => f.Label).Distinct().ToList()))
            .ToList();
    }

    /// <summary>Check-run annotations: every grouped finding that has a file and a line.</summary>
    public static IReadOnlyList<CheckAnnotation> ForCheckRun(ReportSet set, Func<string, string> relativePath) =>
        Group(set, relativePath)
            .Where(l => l.Path is not null && l.Finding.Origin is { Line: > 0 })
            .Select(l => new CheckAnnotation(l.Path!, l.Finding.Origin!.Line, l.Finding.Origin.Line, l.Level, l.Title, l.Message(set.IsMultiSize)))
            .ToList();

    /// <summary>
    /// Workflow-command annotations. GitHub shows at most 10 per level per step, so beyond
    /// <paramref name="perLevel"/> of a level one notice line counts the rest.
    /// </summary>
    public static IReadOnlyList<string> ForWorkflowCommands(ReportSet set, Func<string, string> relativePath, int perLevel = 10)
    {
        var lines = new List<string>();
        var overflow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in Group(set, relativePath).GroupBy(l => l.Level).OrderByDescending(g => g.Key))
        {
            var command = group.Key switch
            {
                AnnotationLevel.Failure => "error",
                AnnotationLevel.Warning => "warning",
                _ => "notice",
            };
            foreach (var l in group.Take(perLevel))
            {
                lines.Add(WorkflowCommands.Annotation(command, l.Message(set.IsMultiSize), l.Path, l.Finding.Origin?.Line ?? 0, l.Finding.Origin?.Column ?? 0, l.Title));
            }

            var rest = group.Count() - perLevel;
            if (rest > 0)
            {
                overflow[command] = rest;
            }
        }

        if (overflow.Count > 0)
        {
            var parts = overflow.Select(o => $"{o.Value} more {o.Key}{(o.Value == 1 ? string.Empty : "s")}");
            lines.Add(WorkflowCommands.Annotation("notice", $"Gate: {string.Join(", ", parts)} not annotated here (GitHub shows 10 per level); see the job summary and the check run.", title: "More Gate findings"));
        }

        return lines;
    }
}
