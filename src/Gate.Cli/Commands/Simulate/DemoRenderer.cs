using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core.Rollout;
using Gate.Core;
using Gate.Simulation.ControlPlane;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Simulate;

/// <summary>Renders a simulation: the narrative (table/markdown) or <c>gate.simulation/v1</c> JSON. Deterministic.</summary>
public static class DemoRenderer
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The JSON document of the demo (schema gate.simulation/v1).</summary>
    public static string ToJson(DemoResult demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var w = demo.WithoutGate;
        var g = demo.WithGate;
        var doc = new JsonObject
        {
            ["schema"] = "gate.simulation/v1",
            ["nodes"] = demo.Nodes,
            ["asExpected"] = demo.AsExpected,
            ["withoutGate"] = SimulationText.WithoutJson(w),
            ["withGate"] = SimulationText.WithJson(g),
            ["fixed"] = SimulationText.WithJson(demo.Fixed),
        };
        return doc.ToJsonString(Json) + "\n";
    }

    /// <summary>The narrative: what happens without the gate, then with it. Markdown when <paramref name="markdown"/>.</summary>
    public static string ToText(DemoResult demo, bool markdown)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var t = new StringBuilder();
        var h = markdown ? "## " : string.Empty;
        var w = demo.WithoutGate;
        var g = demo.WithGate;
        t.Append(markdown ? "# " : string.Empty).Append(CultureInfo.InvariantCulture, $"Gate demo: an OpenAI-style telemetry agent on a simulated {demo.Nodes:N0}-node cluster").Append('\n');
        t.Append('\n');
        t.Append("Agent 2.0 lists ALL pods and ALL services cluster-wide from every node every 30 s:\n");
        t.Append(CultureInfo.InvariantCulture, $"{demo.Nodes * 30:N0} pods x 8.4 KB = {demo.Nodes * 30 * 8400 / 1e9:0.00} GB per LIST, from {demo.Nodes:N0} nodes: cost grows with N squared.\n");
        var api = demo.Profile.ApiServer;
        var replicas = Math.Max(1, api.Replicas);
        t.Append(CultureInfo.InvariantCulture, $"Control plane: {replicas} kube-apiserver {(replicas == 1 ? "replica" : "replicas")} ({api.Cores / replicas:0.#} cores, {api.MemoryBytesPerReplica / (1024.0 * 1024 * 1024):0.#} GiB each), default APF; simulated time, seed {demo.Seed}.\n\n");

        t.Append(h).Append("1. Without Gate: kubectl apply (the DaemonSet starts on every node)\n\n");
        SimulationText.AppendTimeline(t, w.Timeline.Where(e => e.Kind is not "restart" and not "oom" and not "all-down").Concat(SimulationText.FirstOf(w.Timeline, "oom", "all-down")).OrderBy(e => e.Seconds), markdown);
        t.Append(CultureInfo.InvariantCulture, $"\n{w.OomKills} OOM kills in {SimulationText.Clock(w.SimulatedSeconds)}: the API servers crash-loop (every restart meets a relist storm).\n\n");
        SimulationText.AppendChart(t, w.Samples, markdown);
        t.Append(CultureInfo.InvariantCulture, $"\nOutcome: {OutcomeText.Of(w.Outcome).ToUpperInvariant()}. First OOM at +{SimulationText.Clock(w.FirstOomSeconds)}; DNS fails at +{SimulationText.Clock(w.DnsFailureSeconds)} when CoreDNS's cache expires.\n\n");

        t.Append(h).Append("2. With Gate: gate rollout (stages 1 node, 1%, 10%, 50%, 100%; bake 5m)\n\n");
        SimulationText.AppendTimeline(t, g.Timeline, markdown);
        foreach (var a in g.Analyses)
        {
            t.Append(CultureInfo.InvariantCulture, $"\nAnalysis of stage {a.Stage} ({a.UpdatedNodes} of {demo.Nodes:N0} nodes) at +{SimulationText.Clock(a.Seconds)}: {OutcomeText.Of(a.Outcome).ToUpperInvariant()} ({a.Reason})\n");
            foreach (var line in a.Lines)
            {
                t.Append(markdown ? "- " : "  ").Append(line).Append('\n');
            }
        }

        var share = 100.0 * g.MaxNodesOnNewRevision / demo.Nodes;
        t.Append(CultureInfo.InvariantCulture, $"\nOutcome: {OutcomeText.Of(g.Outcome).ToUpperInvariant()} at stage {g.DetectedAtStage?.ToString(CultureInfo.InvariantCulture) ?? "-"}; at most {Counted.Nodes(g.MaxNodesOnNewRevision)} ({share:0.##}%) ever ran 2.0; ");
        t.Append(CultureInfo.InvariantCulture, $"detected at +{SimulationText.Clock(g.DetectionSeconds)}, rolled back {SimulationText.Clock(g.RollbackSeconds)} later; {g.OomKills} OOM kills, {g.Rejections:0} rejected requests.\n");
        t.Append(Caught(g)).Append("\n\n");
        var f = demo.Fixed;
        t.Append(h).Append("3. The fix: agent 2.1 lists only its own node's pods every 30 s and watches services (one informer)\n\n");
        AppendStages(t, f, demo.Nodes, markdown);
        t.Append(CultureInfo.InvariantCulture, $"\nOutcome: {OutcomeText.Of(f.Outcome).ToUpperInvariant()} to {f.FinalNodesOnNewRevision:N0} of {demo.Nodes:N0} nodes in {SimulationText.Clock(f.DurationSeconds)}; {f.OomKills} OOM kills, {f.Rejections:0} rejected requests.\n");
        t.Append(f.Analyses.Count > 0 && f.Analyses.All(a => a.Outcome == StageVerdictKind.Healthy)
            ? "Its cost grows with N (each node reads its own 30 pods), so every stage's projection stays within budget up to the whole fleet.\n\n"
            : "Not every stage of the fix was healthy: see the stages above.\n\n");
        t.Append(demo.AsExpected ? "Demo result: as expected (exit 0).\n" : "Demo result: NOT as expected (exit 1).\n");
        return t.ToString();
    }

    /// <summary>What caught the agent, read off the analysis that failed: the health signals, the projection, or both.</summary>
    private static string Caught(WithGateResult run)
    {
        var failed = run.Analyses.FirstOrDefault(a => a.Outcome != StageVerdictKind.Healthy);
        if (failed is null)
        {
            return "No analysis failed.";
        }

        var signals = failed.Lines.Where(l => !l.StartsWith("projection-", StringComparison.Ordinal)).ToList();
        var failing = signals.Where(l => l.Contains(": fail", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        var projectionFailed = failed.Lines.Any(l => l.StartsWith("projection-", StringComparison.Ordinal) && l.Contains(": fail", StringComparison.Ordinal));
        var signalsText = failing.Count == 0
            ? (signals.TrueForAll(l => l.Contains(": pass", StringComparison.Ordinal)) ? "Every health signal stayed green" : "No health signal failed")
            : "Health signals failed (" + string.Join(", ", failing) + ")";
        var at = string.Create(CultureInfo.InvariantCulture, $" at {Counted.Nodes(failed.UpdatedNodes)}; ");
        return signalsText + at + (projectionFailed
            ? "the projection (the canary's own measured API cost x fleet size vs budget) failed."
            : "the projection stayed within budget.");
    }

    /// <summary>One line per analysed stage: nodes, verdict, and the request p99 and projected cores it was judged on.</summary>
    private static void AppendStages(StringBuilder t, WithGateResult run, int nodes, bool markdown)
    {
        foreach (var a in run.Analyses)
        {
            var p99 = a.Lines.FirstOrDefault(l => l.StartsWith("apiserver-request-p99:", StringComparison.Ordinal));
            var cores = a.Lines.FirstOrDefault(l => l.StartsWith("projection-execution-seconds:", StringComparison.Ordinal));
            t.Append(markdown ? "- " : "  ").Append(CultureInfo.InvariantCulture, $"+{SimulationText.Clock(a.Seconds),-6} stage {a.Stage}: {a.UpdatedNodes,5:N0} of {nodes:N0} nodes {OutcomeText.Of(a.Outcome).ToUpperInvariant()}");
            t.Append(p99 is null ? string.Empty : "; " + Detail(p99)).Append(cores is null ? string.Empty : "; " + Detail(cores)).Append('\n');
        }
    }

    private static string Detail(string line)
    {
        var dash = line.IndexOf(" — ", StringComparison.Ordinal);
        var name = line[..line.IndexOf(':', StringComparison.Ordinal)].Replace("projection-execution-seconds", "projected CPU", StringComparison.Ordinal);
        var value = dash < 0 ? line : line[(dash + 3)..];
        var cut = value.IndexOf(';', StringComparison.Ordinal);
        return name + " " + (cut < 0 ? value : value[..cut]);
    }
}
