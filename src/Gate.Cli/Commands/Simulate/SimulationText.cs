using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Gate.Simulation.ControlPlane;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Simulate;

/// <summary>The pieces <c>gate demo</c> and <c>gate simulate</c> render alike: JSON objects of a run, timelines, the chart, clock times.</summary>
internal static class SimulationText
{
    /// <summary>The <c>withoutGate</c> object of <c>gate.simulation/v1</c>.</summary>
    internal static JsonObject WithoutJson(WithoutGateResult w) => new()
    {
        ["outcome"] = OutcomeText.Of(w.Outcome),
        ["firstRejectionSeconds"] = Round(w.FirstRejectionSeconds),
        ["firstOomSeconds"] = Round(w.FirstOomSeconds),
        ["allApiServersDownSeconds"] = Round(w.AllDownSeconds),
        ["dnsCachedSeconds"] = Round(w.DnsCachedSeconds),
        ["dnsFailureSeconds"] = Round(w.DnsFailureSeconds),
        ["oomKills"] = w.OomKills,
        ["peakAgents"] = w.PeakAgents,
        ["peakApiServerMemoryFraction"] = Math.Round(w.PeakMemoryFraction, 3),
        ["peakApiServerCpuFraction"] = Math.Round(w.PeakCpuFraction, 3),
    };

    /// <summary>The <c>withGate</c> object of <c>gate.simulation/v1</c>.</summary>
    internal static JsonObject WithJson(WithGateResult g) => new()
    {
        ["outcome"] = OutcomeText.Of(g.Outcome),
        ["detectedAtStage"] = g.DetectedAtStage,
        ["maxNodesOnNewRevision"] = g.MaxNodesOnNewRevision,
        ["detectionSeconds"] = Round(g.DetectionSeconds),
        ["rollbackSeconds"] = Round(g.RollbackSeconds),
        ["oomKills"] = g.OomKills,
        ["rejections"] = g.Rejections,
        ["durationSeconds"] = Round(g.DurationSeconds),
        ["reason"] = g.Reason,
    };

    internal static IEnumerable<TimelineEntry> FirstOf(IReadOnlyList<TimelineEntry> timeline, params string[] kinds) =>
        kinds.Select(k => timeline.FirstOrDefault(e => e.Kind == k)).OfType<TimelineEntry>();

    internal static void AppendTimeline(StringBuilder t, IEnumerable<TimelineEntry> entries, bool markdown)
    {
        foreach (var e in entries)
        {
            t.Append(markdown ? "- " : "  ").Append(CultureInfo.InvariantCulture, $"+{Clock(e.Seconds),-6} {e.Message}\n");
        }
    }

    /// <summary>One row per minute: API servers up, worst memory, 429/s and DNS.</summary>
    internal static void AppendChart(StringBuilder t, IReadOnlyList<ControlPlaneSample> samples, bool markdown)
    {
        if (markdown)
        {
            t.Append("```text\n");
        }

        t.Append("minute  API servers  worst memory           429/s  DNS\n");
        foreach (var s in samples.Where(s => Math.Abs((s.Seconds % 60) - 0) < 1e-6 || Math.Abs((s.Seconds % 60) - 60) < 1e-6).Take(24))
        {
            var up = new string('#', s.ReplicasUp) + new string('.', 3 - Math.Min(3, s.ReplicasUp));
            var memory = (int)Math.Round(Math.Clamp(s.MaxMemoryFraction, 0, 1) * 20);
            t.Append(CultureInfo.InvariantCulture, $"{s.Seconds / 60,6:0}  {up,-11}  {new string('#', memory),-20} {s.RejectionsPerSecond,6:0}  {s.Dns}\n");
        }

        if (markdown)
        {
            t.Append("```\n");
        }
    }

    internal static double? Round(double? seconds) => seconds is { } s ? Math.Round(s, 1) : null;

    internal static string Clock(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "-";
        }

        var total = (int)Math.Round(s);
        return string.Create(CultureInfo.InvariantCulture, $"{total / 60}:{total % 60:00}");
    }
}
