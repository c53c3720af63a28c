using System.Text.Json;
using Gate.Core;
using Gate.Core.Manifests;

namespace Gate.GitHub.Reports;

/// <summary>Reads <c>gate check --format json</c> files; a malformed file is a usage error positioned at the bad line.</summary>
public static class CheckReportReader
{
    /// <summary>Parses <paramref name="json"/>; <paramref name="file"/> names it in errors.</summary>
    public static CheckReport Parse(string json, string file)
    {
        ArgumentNullException.ThrowIfNull(json);
        CheckReport? report;
        try
        {
            report = JsonSerializer.Deserialize(json, CheckReportJson.Default.CheckReport);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new GateUsageException(
                "not a valid gate check JSON report: " + FirstSentence(ex.Message),
                new SourcePosition(file, line, column),
                "write it with 'gate check --format json --output FILE'");
        }

        if (report is null || report.Schema != CheckReport.SchemaV1)
        {
            throw new GateUsageException(
                $"unsupported report schema '{report?.Schema ?? "null"}', expected '{CheckReport.SchemaV1}'",
                new SourcePosition(file, 1, 1),
                "write it with 'gate check --format json' of the same gate version");
        }

        return report;
    }

    /// <summary>
    /// Loads the JSON report at <paramref name="path"/> and, beside it, the Markdown (<c>.md</c>) and SARIF
    /// (<c>.sarif</c>) reports of the same run when they exist. The label is the file name without extension.
    /// </summary>
    public static LabelledReport Load(string path, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new GateUsageException($"report file not found: {displayPath}", SourcePosition.FileOnly(displayPath), "run 'gate check --format json --output FILE' first");
        }

        var report = Parse(File.ReadAllText(path), displayPath);
        var markdownPath = Path.ChangeExtension(path, ".md");
        var sarifPath = Path.ChangeExtension(path, ".sarif");
        return new LabelledReport(
            Path.GetFileNameWithoutExtension(path),
            report,
            File.Exists(markdownPath) ? File.ReadAllText(markdownPath) : null,
            File.Exists(sarifPath) ? sarifPath : null);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
