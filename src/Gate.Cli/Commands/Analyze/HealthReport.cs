using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core.Health;
using Spectre.Console;

namespace Gate.Cli.Commands.Analyze;

/// <summary>Renders a <see cref="HealthVerdict"/> as a table (Spectre.Console) or as JSON (schema <c>gate.analysis/v1</c>). Deterministic.</summary>
public static class HealthReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the verdict line, the signal table and the projection table.</summary>
    public static void WriteTable(IAnsiConsole console, HealthVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(verdict);
        console.WriteLine($"gate analyze: {Word(verdict.Outcome)} - {verdict.Reason}");
        console.WriteLine($"source: {verdict.Source}; window {Iso(verdict.Window.Start)} .. {Iso(verdict.Window.End)}"
            + (verdict.BaselineWindow is { } b ? $"; baseline {Iso(b.Start)} .. {Iso(b.End)}" : "; no baseline"));
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "signal", "verdict", "value", "limit", "baseline", "p", "reason" })
        {
            table.AddColumn(column);
        }

        foreach (var s in verdict.Signals)
        {
            table.AddRow(
                Cell(s.Signal + (s.Required || s.Skipped ? string.Empty : " (optional)")),
                Cell(s.Skipped ? "skipped" : Word(s.Outcome)),
                Cell(HealthFormat.Value(s.Value, s.Unit)),
                Cell(HealthFormat.Value(s.Limit, s.Unit)),
                Cell(HealthFormat.Value(s.Baseline, s.Unit)),
                Cell(s.PValue is { } p ? HealthFormat.Number(p) : "-"),
                Cell(s.Reason));
        }

        console.Write(table);
        if (verdict.Projection is { } projection)
        {
            console.WriteLine($"projection: {Word(projection.Outcome)} - {projection.Reason} (FlowSchema {projection.FlowSchema}, {projection.CanaryNodes} canary nodes, fleet {projection.FleetNodes})");
            var lines = new Table().Border(TableBorder.Simple);
            foreach (var column in new[] { "metric", "verdict", "measured", "per node", "estimate/node", "projected", "budget" })
            {
                lines.AddColumn(column);
            }

            foreach (var l in projection.Lines)
            {
                lines.AddRow(
                    Cell(l.Metric), Cell(Word(l.Outcome)), Cell(HealthFormat.Value(l.Measured, l.Unit)), Cell(HealthFormat.Value(l.PerNode, l.Unit)),
                    Cell(HealthFormat.Value(l.EstimatedPerNode, l.Unit)), Cell(HealthFormat.Value(l.Projected, l.Unit)), Cell(HealthFormat.Value(l.Budget, l.Unit)));
            }

            console.Write(lines);
        }
    }

    /// <summary>The verdict as indented JSON.</summary>
    public static string ToJson(HealthVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var root = new JsonObject
        {
            ["schema"] = "gate.analysis/v1",
            ["verdict"] = Word(verdict.Outcome),
            ["exitCode"] = verdict.ExitCode,
            ["reason"] = verdict.Reason,
            ["source"] = verdict.Source,
            ["window"] = Window(verdict.Window),
            ["baselineWindow"] = verdict.BaselineWindow is { } b ? Window(b) : null,
            ["consecutiveInconclusive"] = verdict.ConsecutiveInconclusive,
            ["inconclusiveLimit"] = verdict.InconclusiveLimit,
            ["signals"] = new JsonArray(verdict.Signals.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Signal,
                ["title"] = s.Title,
                ["verdict"] = s.Skipped ? "skipped" : Word(s.Outcome),
                ["required"] = s.Required,
                ["unit"] = s.Unit,
                ["value"] = Number(s.Value),
                ["limit"] = Number(s.Limit),
                ["baseline"] = Number(s.Baseline),
                ["pValue"] = Number(s.PValue),
                ["samples"] = s.Samples,
                ["baselineSamples"] = s.BaselineSamples,
                ["reason"] = s.Reason,
            }).ToArray()),
            ["projection"] = verdict.Projection is not { } p ? null : new JsonObject
            {
                ["verdict"] = Word(p.Outcome),
                ["reason"] = p.Reason,
                ["flowSchema"] = p.FlowSchema,
                ["canaryNodes"] = p.CanaryNodes,
                ["fleetNodes"] = p.FleetNodes,
                ["metrics"] = new JsonArray(p.Lines.Select(l => (JsonNode)new JsonObject
                {
                    ["id"] = l.Metric,
                    ["title"] = l.Title,
                    ["verdict"] = Word(l.Outcome),
                    ["unit"] = l.Unit,
                    ["measured"] = Number(l.Measured),
                    ["perNode"] = Number(l.PerNode),
                    ["estimatedPerNode"] = Number(l.EstimatedPerNode),
                    ["projected"] = Number(l.Projected),
                    ["budget"] = l.Budget,
                    ["reason"] = l.Reason,
                }).ToArray()),
            },
        };
        return root.ToJsonString(Json);
    }

    /// <summary><c>pass</c>, <c>fail</c> or <c>inconclusive</c>.</summary>
    public static string Word(HealthOutcome outcome) => outcome switch
    {
        HealthOutcome.Pass => "pass",
        HealthOutcome.Fail => "fail",
        _ => "inconclusive",
    };

    private static JsonObject Window(HealthWindow w) => new() { ["start"] = Iso(w.Start), ["end"] = Iso(w.End) };

    private static JsonNode? Number(double? v) => v is { } x && double.IsFinite(x) ? JsonValue.Create(Math.Round(x, 9)) : null;

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
