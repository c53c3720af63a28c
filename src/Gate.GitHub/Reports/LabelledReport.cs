namespace Gate.GitHub.Reports;

/// <summary>
/// One <c>gate check</c> run of the Action (one cluster size): its label (the file stem, e.g. <c>nodes-5000</c>),
/// the parsed JSON report, the Markdown report written beside it, and the SARIF file beside it.
/// </summary>
public sealed record LabelledReport(string Label, CheckReport Report, string? Markdown, string? SarifPath)
{
    /// <summary>The largest safe node count of this run (see <see cref="MaxSafeNodes"/>).</summary>
    public MaxSafeNodes MaxSafe { get; } = MaxSafeNodes.From(Report.Estimate);
}
