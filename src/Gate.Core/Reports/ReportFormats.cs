namespace Gate.Core.Reports;

/// <summary>Renders the text formats Core owns; <c>table</c> is rendered by the CLI (Spectre.Console).</summary>
public static class ReportFormats
{
    /// <summary>Formats rendered here.</summary>
    public static readonly IReadOnlyList<string> Text = ["json", "markdown", "sarif", "github"];

    /// <summary>Renders <paramref name="report"/> in <paramref name="format"/> (json, markdown, sarif, github).</summary>
    public static string Render(string format, GateReport report) => format switch
    {
        "json" => JsonReportWriter.Render(report),
        "markdown" => MarkdownReportWriter.Render(report),
        "sarif" => SarifReportWriter.Render(report),
        "github" => GitHubAnnotationWriter.Render(report),
        _ => throw new GateUsageException($"unknown report format '{format}'", null, "use table, json, markdown, sarif or github"),
    };
}
