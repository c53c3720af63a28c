using System.Text.Json;
using Gate.Core.Policies;

namespace Gate.Core.Reports;

/// <summary>
/// SARIF 2.1.0 for code scanning: every rule in <c>tool.driver.rules</c> with a helpUri to its page, each finding a
/// result located at the config line that causes it; suppressed findings carry a <c>suppressions</c> entry.
/// An estimate (no findings) renders the rules and no results.
/// </summary>
public static class SarifReportWriter
{
    /// <summary>The schema URI written in <c>$schema</c>.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>Renders the report as a SARIF log with one run.</summary>
    public static string Render(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            WriteTool(w, report.Policy);
            WriteInvocation(w, report);
            w.WriteStartArray("results");
            foreach (var finding in report.Check?.Findings ?? [])
            {
                WriteResult(w, report, finding);
            }

            w.WriteEndArray();
            w.WriteString("columnKind", "unicodeCodePoints");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteTool(Utf8JsonWriter w, Policy policy)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "gate");
        w.WriteString("informationUri", "https://github.com/gate-dev/gate");
        w.WriteStartArray("rules");
        foreach (var rule in RuleCatalog.All)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Id);
            w.WriteString("name", rule.Name);
            Text(w, "shortDescription", rule.Title);
            Text(w, "fullDescription", rule.Description);
            Text(w, "help", rule.Fix);
            w.WriteString("helpUri", ReportFacts.HelpUri(rule.Id));
            w.WriteStartObject("defaultConfiguration");
            var severity = RuleCatalog.EffectiveSeverity(rule, policy);
            w.WriteBoolean("enabled", severity != Severity.Off);
            w.WriteString("level", Level(severity == Severity.Off ? rule.DefaultSeverity : severity));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Files skipped as not manifests, as tool execution notifications; written only when there are some.</summary>
    private static void WriteInvocation(Utf8JsonWriter w, GateReport report)
    {
        if (report.Skipped.Count == 0)
        {
            return;
        }

        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var skipped in report.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("level", "warning");
            Text(w, "message", ReportFacts.SkippedLine(report, skipped));
            if (skipped.File != "-")
            {
                w.WriteStartArray("locations");
                w.WriteStartObject();
                WritePhysicalLocation(w, report, skipped.Position);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter w, GateReport report, Manifests.SourcePosition origin)
    {
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", Uri.EscapeDataString(report.DisplayPath(origin.File)).Replace("%2F", "/", StringComparison.Ordinal));
        w.WriteEndObject();
        if (origin.Line > 0)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", origin.Line);
            w.WriteNumber("startColumn", Math.Max(1, origin.Column));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, GateReport report, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.RuleId);
        w.WriteNumber("ruleIndex", RuleIndex(f.RuleId));
        w.WriteString("level", Level(f.Severity));
        Text(w, "message", $"{report.WorkloadLabel(f)}: {f.Message}");
        if (f.Origin is { } origin && origin.File != "-")
        {
            w.WriteStartArray("locations");
            w.WriteStartObject();
            WritePhysicalLocation(w, report, origin);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("partialFingerprints");
        w.WriteString("gateFinding/v1", $"{f.RuleId}:{report.WorkloadLabel(f)}:{f.Pattern?.Verb}:{f.Pattern?.GroupResource}");
        w.WriteEndObject();
        if (f.Suppressed)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", f.SuppressionSource == "annotation" ? "inSource" : "external");
            w.WriteString("justification", f.SuppressionReason);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static int RuleIndex(string id)
    {
        for (var i = 0; i < RuleCatalog.All.Count; i++)
        {
            if (RuleCatalog.All[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Text(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
