namespace Gate.GitHub.Reports;

/// <summary>
/// The <c>gate check</c> runs of one Action step (one per cluster size), in the order given. The set fails when any
/// run fails; its largest safe node count is the most restrictive one.
/// </summary>
public sealed class ReportSet
{
    private static readonly string[] SeverityOrder = ["error", "warning", "note"];

    public ReportSet(IReadOnlyList<LabelledReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            throw new ArgumentException("at least one report is required", nameof(reports));
        }

        Reports = reports;
        MaxSafe = MaxSafeNodes.Min(reports.Select(r => r.MaxSafe));
        Findings = reports
            .SelectMany(r => r.Report.Findings.Select(f => new LabelledFinding(r.Label, f)))
            .OrderBy(f => f.Finding.Suppressed)
            .ThenBy(f => SeverityRank(f.Finding.Severity))
            .ThenBy(f => f.Finding.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Origin?.File ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Origin?.Line ?? 0)
            .ThenBy(f => f.Finding.Origin?.Column ?? 0)
            .ThenBy(f => f.Finding.Workload ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Message, StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<LabelledReport> Reports { get; }

    /// <summary>Every finding of every run, most severe first, unsuppressed before suppressed; stable order.</summary>
    public IReadOnlyList<LabelledFinding> Findings { get; }

    public bool Passed => Reports.All(r => r.Report.Passed);

    /// <summary>The Action output <c>verdict</c>: <c>pass</c> or <c>fail</c>.</summary>
    public string Verdict => Passed ? "pass" : "fail";

    public MaxSafeNodes MaxSafe { get; }

    /// <summary>True when the runs are for more than one cluster size (reports then show a size column).</summary>
    public bool IsMultiSize => Reports.Count > 1;

    /// <summary>Unsuppressed findings of <paramref name="severity"/> across all runs.</summary>
    public int Count(string severity) => Findings.Count(f => !f.Finding.Suppressed && string.Equals(f.Finding.Severity, severity, StringComparison.OrdinalIgnoreCase));

    public int SuppressedCount => Findings.Count(f => f.Finding.Suppressed);

    /// <summary>Sort rank of a severity: error 0, warning 1, note 2, anything else 3.</summary>
    public static int SeverityRank(string severity)
    {
        var index = Array.FindIndex(SeverityOrder, s => string.Equals(s, severity, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? SeverityOrder.Length : index;
    }
}

/// <summary>A finding together with the label of the run (cluster size) that produced it.</summary>
public sealed record LabelledFinding(string Label, CheckFinding Finding);
