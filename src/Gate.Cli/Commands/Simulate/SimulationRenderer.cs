using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core.Rollout;
using Gate.Core;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Simulate;

/// <summary>Renders <c>gate simulate</c>: a text or Markdown summary per DaemonSet, or <c>gate.simulation/v1</c> JSON. Deterministic.</summary>
internal static class SimulationRenderer
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// <c>{"schema":"gate.simulation/v1","nodes","seed","workloads":[{"namespace","name","agent","harmful",
    /// "withoutGate":{…},"withGate":{…}}]}</c>; the run objects are the ones <c>gate demo --format json</c> prints.
    /// </summary>
    public static string ToJson(SimulationReport report)
    {
        var doc = new JsonObject
        {
            ["schema"] = "gate.simulation/v1",
            ["nodes"] = report.Profile.Nodes,
            ["seed"] = report.Seed,
            ["exitCode"] = report.ExitCode,
            ["workloads"] = new JsonArray(report.Workloads.Select(w => (JsonNode)new JsonObject
            {
                ["kind"] = w.Workload.Kind,
                ["namespace"] = w.Workload.Namespace,
                ["name"] = w.Workload.Name,
                ["agent"] = w.Workload.Agent,
                ["accessPatterns"] = w.Workload.AccessPatterns.Count,
                ["harmful"] = w.Harmful,
                ["withoutGate"] = w.WithoutGate is { } without ? SimulationText.WithoutJson(without) : null,
                ["withGate"] = w.WithGate is { } with ? SimulationText.WithJson(with) : null,
            }).ToArray()),
        };
        return doc.ToJsonString(Json) + "\n";
    }

    /// <summary>The summary: per DaemonSet, what happened without the gate and with it. Markdown when <paramref name="markdown"/>.</summary>
    public static string ToText(SimulationReport report, bool markdown)
    {
        var t = new StringBuilder();
        var profile = report.Profile;
        var api = profile.ApiServer;
        t.Append(markdown ? "# " : string.Empty)
            .Append(CultureInfo.InvariantCulture, $"gate simulate: {Counted.Of(report.Workloads.Count, "DaemonSet", "DaemonSets")} on a simulated {profile.Nodes:N0}-node cluster\n\n")
            .Append(CultureInfo.InvariantCulture, $"Control plane: {api.Replicas} kube-apiserver replica(s), {api.Cores / api.Replicas:0.#} cores and {api.MemoryBytesPerReplica / (1024.0 * 1024 * 1024):0} GiB each, default APF; simulated time, seed {report.Seed}.\n");
        foreach (var w in report.Workloads)
        {
            AppendWorkload(t, w, profile.Nodes, markdown);
        }

        t.Append('\n').Append(report.ExitCode switch
        {
            ExitCodes.Pass => "Result: safe: every agent was healthy on the whole cluster (exit 0).\n",
            ExitCodes.PolicyViolation => "Result: HARMFUL: a simulation shows damage to the control plane or a rollback by the gate (exit 1).\n",
            _ => "Result: INCONCLUSIVE: the gate could not judge a rollout (exit 4).\n",
        });
        return t.ToString();
    }

    private static void AppendWorkload(StringBuilder t, WorkloadSimulation w, int nodes, bool markdown)
    {
        var h = markdown ? "## " : string.Empty;
        var bullet = markdown ? "- " : "  ";
        var workload = w.Workload;
        t.Append('\n').Append(h).Append(CultureInfo.InvariantCulture, $"{workload.Kind} {workload.Namespace}/{workload.Name} (agent {workload.Agent}, {Counted.Of(workload.AccessPatterns.Count, "access pattern", "access patterns")})\n\n");
        if (w.WithoutGate is { } without)
        {
            t.Append(CultureInfo.InvariantCulture, $"Without Gate (started on all {nodes:N0} nodes at once, {SimulationText.Clock(without.SimulatedSeconds)} simulated): {OutcomeText.Of(without.Outcome).ToUpperInvariant()}\n");
            t.Append(bullet).Append(CultureInfo.InvariantCulture, $"first 429 {At(without.FirstRejectionSeconds)}, first OOM {At(without.FirstOomSeconds)}, all API servers down {At(without.AllDownSeconds)}, DNS failing {At(without.DnsFailureSeconds)}\n");
            t.Append(bullet).Append(CultureInfo.InvariantCulture, $"{without.OomKills} OOM kills; peak API server memory {without.PeakMemoryFraction * 100:0}% of its limit, peak CPU {without.PeakCpuFraction * 100:0}% of the cores; {without.PeakAgents:N0} agents ran at once\n");
            if (without.Outcome != ControlPlaneOutcome.Healthy)
            {
                t.Append('\n');
                SimulationText.AppendTimeline(t, SimulationText.FirstOf(without.Timeline, "first-429", "oom", "all-down", "dns-cached", "dns-failing"), markdown);
            }

            t.Append(w.WithGate is null ? string.Empty : "\n");
        }

        if (w.WithGate is { } with)
        {
            var share = 100.0 * with.MaxNodesOnNewRevision / nodes;
            t.Append(CultureInfo.InvariantCulture, $"With Gate (gate rollout: stages 1 node, 1%, 10%, 50%, 100%; bake 5m): {OutcomeText.Of(with.Outcome).ToUpperInvariant()}");
            t.Append(with.DetectedAtStage is { } stage ? string.Create(CultureInfo.InvariantCulture, $" at stage {stage}\n") : "\n");
            t.Append(bullet).Append(CultureInfo.InvariantCulture, $"at most {Counted.Nodes(with.MaxNodesOnNewRevision)} ({share:0.##}%) ran it; {with.OomKills} OOM kills, {with.Rejections:0} rejected requests; {SimulationText.Clock(with.DurationSeconds)} simulated\n");
            if (with.DetectionSeconds is { } detected)
            {
                t.Append(bullet).Append(CultureInfo.InvariantCulture, $"detected at +{SimulationText.Clock(detected)}, rolled back {SimulationText.Clock(with.RollbackSeconds)} later\n");
            }

            t.Append(bullet).Append(with.Reason).Append('\n');
            var judged = with.Analyses.FirstOrDefault(a => a.Outcome != StageVerdictKind.Healthy) ?? with.Analyses.LastOrDefault();
            if (judged is not null)
            {
                t.Append(CultureInfo.InvariantCulture, $"\nAnalysis of stage {judged.Stage} ({judged.UpdatedNodes:N0} of {nodes:N0} nodes) at +{SimulationText.Clock(judged.Seconds)}: {OutcomeText.Of(judged.Outcome).ToUpperInvariant()}\n");
                var lines = judged.Outcome == StageVerdictKind.Healthy ? judged.Lines : judged.Lines.Where(l => !l.Contains(": pass", StringComparison.Ordinal));
                foreach (var line in lines)
                {
                    t.Append(bullet).Append(line).Append('\n');
                }
            }
        }
    }

    private static string At(double? seconds) => seconds is null ? "never" : "+" + SimulationText.Clock(seconds);

}
