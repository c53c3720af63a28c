using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Cli.Commands.Simulate;
using Gate.Core;
using Gate.Core.Fleet;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Fleet;

/// <summary>Renders <c>gate simulate --fleet</c>: a table per DaemonSet (text or Markdown) or <c>gate.fleet-simulation/v1</c> JSON. Deterministic.</summary>
internal static class FleetSimulationRenderer
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// <c>{"schema":"gate.fleet-simulation/v1","sizes","seed","exitCode","workloads":[{"kind","namespace","name","agent",
    /// "waves":[{"wave","nodes","outcome","detectedAtStage","maxNodesOnNewRevision","durationSeconds","reason","run"}]}]}</c>;
    /// <c>run</c> is the wave's staged rollout as <c>gate simulate --format json</c> prints <c>withGate</c> (null when the wave did not start).
    /// </summary>
    public static string ToJson(FleetSimulationReport report)
    {
        var doc = new JsonObject
        {
            ["schema"] = "gate.fleet-simulation/v1",
            ["sizes"] = new JsonArray(report.Sizes.Select(n => (JsonNode)n).ToArray()),
            ["seed"] = report.Seed,
            ["exitCode"] = report.ExitCode,
            ["workloads"] = new JsonArray(report.Workloads.Select(w => (JsonNode)new JsonObject
            {
                ["kind"] = w.Workload.Kind,
                ["namespace"] = w.Workload.Namespace,
                ["name"] = w.Workload.Name,
                ["agent"] = w.Workload.Agent,
                ["waves"] = new JsonArray(w.Waves.Select(v => (JsonNode)new JsonObject
                {
                    ["wave"] = v.Number,
                    ["nodes"] = v.Nodes,
                    ["outcome"] = OutcomeText.Of(v.Outcome),
                    ["detectedAtStage"] = v.Run?.DetectedAtStage,
                    ["maxNodesOnNewRevision"] = v.Run?.MaxNodesOnNewRevision,
                    ["durationSeconds"] = SimulationText.Round(v.Run?.DurationSeconds),
                    ["reason"] = v.Run?.Reason,
                    ["run"] = v.Run is null ? null : SimulationText.WithJson(v.Run),
                }).ToArray()),
            }).ToArray()),
        };
        return doc.ToJsonString(Json) + "\n";
    }

    /// <summary>Per DaemonSet, one row per wave. Markdown when <paramref name="markdown"/>.</summary>
    public static string ToText(FleetSimulationReport report, bool markdown)
    {
        var t = new StringBuilder();
        var sizes = string.Join(", ", report.Sizes.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)));
        t.Append(markdown ? "# " : string.Empty)
            .Append(CultureInfo.InvariantCulture, $"gate simulate --fleet: {Counted.Of(report.Workloads.Count, "DaemonSet", "DaemonSets")} across {report.Sizes.Count} simulated clusters ({sizes} nodes), smallest first\n\n")
            .Append(CultureInfo.InvariantCulture, $"One wave per cluster; each wave is gate rollout's staged canary (stages 1 node, 1%, 10%, 50%, 100%; bake 5m) on that cluster; the first wave that is not promoted stops the later ones. Simulated time, seed {report.Seed}.\n");
        foreach (var w in report.Workloads)
        {
            var workload = w.Workload;
            t.Append('\n').Append(markdown ? "## " : string.Empty)
                .Append(CultureInfo.InvariantCulture, $"{workload.Kind} {workload.Namespace}/{workload.Name} (agent {workload.Agent})\n\n");
            AppendTable(t, w, markdown);
            t.Append('\n').Append(w.Stopped is { } stop
                ? string.Create(CultureInfo.InvariantCulture, $"Stopped at wave {stop.Number} ({stop.Nodes:N0} nodes): {stop.Run?.Reason}\n")
                : "Every wave promoted.\n");
        }

        t.Append('\n').Append(report.ExitCode switch
        {
            ExitCodes.Pass => "Result: safe: every cluster of the fleet promoted the agent (exit 0).\n",
            ExitCodes.PolicyViolation => "Result: HARMFUL: a wave was rolled back; the waves after it did not start (exit 1).\n",
            _ => "Result: INCONCLUSIVE: the gate could not judge a wave; the waves after it did not start (exit 4).\n",
        });
        return t.ToString();
    }

    private static void AppendTable(StringBuilder t, FleetWorkloadSimulation w, bool markdown)
    {
        string[] header = ["wave", "nodes", "outcome", "stopped at stage", "max nodes on new version", "simulated time"];
        var rows = w.Waves.Select(v => new[]
        {
            v.Number.ToString(CultureInfo.InvariantCulture),
            v.Nodes.ToString("N0", CultureInfo.InvariantCulture),
            OutcomeText.Of(v.Outcome),
            v.Run?.DetectedAtStage?.ToString(CultureInfo.InvariantCulture) ?? "-",
            v.Run is { } run ? run.MaxNodesOnNewRevision.ToString("N0", CultureInfo.InvariantCulture) : "-",
            SimulationText.Clock(v.Run?.DurationSeconds),
        }).ToList();
        if (markdown)
        {
            t.Append("| ").AppendJoin(" | ", header).Append(" |\n|").AppendJoin("|", header.Select(_ => "---")).Append("|\n");
            foreach (var row in rows)
            {
                t.Append("| ").AppendJoin(" | ", row).Append(" |\n");
            }

            return;
        }

        foreach (var line in FleetTable.Lines(header, rows))
        {
            t.Append(line).Append('\n');
        }
    }

}
