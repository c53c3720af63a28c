using System.Globalization;
using System.Text.Json.Nodes;
using Gate.Cli.Commands.Fleet;
using Gate.Cli.Commands.Simulate;
using Gate.Core;
using Gate.Core.Health;
using Gate.Core.Rollout;
using Gate.Simulation.ControlPlane;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Reports.Html;

/// <summary>
/// The HTML pages of <c>gate demo</c> and <c>gate simulate</c>: every chart is drawn from the run's own samples
/// (every 10 simulated seconds), the stage and rollback markers from the engine's events, the tables from its
/// analyses, and the key figures from the same JSON objects <c>--format json</c> prints.
/// </summary>
internal static class SimulationPages
{
    /// <summary>The request-latency SLO the charts draw (the built-in health pack's limit for <c>apiserver-request-p99</c>).</summary>
    public const double RequestSloSeconds = 1.0;

    public static HtmlReport Demo(DemoResult demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var api = demo.Profile.ApiServer;
        var replicas = Math.Max(1, api.Replicas);
        return new HtmlReport
        {
            Title = Inv($"Gate demo: an OpenAI-style telemetry agent on a simulated {demo.Nodes:N0}-node cluster"),
            Lead =
            [
                Inv($"Agent 2.0 lists every pod and every service of the cluster from every node every 30 s: its cost grows with the square of the cluster size. Agent 2.1 lists only its own node's pods and watches services."),
                Inv($"Control plane: {replicas} kube-apiserver {(replicas == 1 ? "replica" : "replicas")} ({api.Cores / replicas:0.#} cores, {api.MemoryBytesPerReplica / (1024.0 * 1024 * 1024):0.#} GiB each), default APF; simulated time, seed {demo.Seed}."),
                demo.AsExpected ? "Demo result: as expected — without Gate the control plane collapses; with Gate the agent is caught at stage 1 and rolled back; the fix is promoted to every node." : "Demo result: NOT as expected.",
            ],
            Sections =
            [
                new ReportSection("agent-2-0", "Agent 2.0: without Gate and with Gate", "Left: kubectl apply starts the DaemonSet on every node at once. Right: gate rollout (stages 1 node, 1%, 10%, 50%, 100%; bake 5m).",
                    [Without(demo.WithoutGate, "withoutGate", "Without Gate (kubectl apply)"), With(demo.WithGate, "withGate", "With Gate (gate rollout)", "with")]),
                new ReportSection("agent-2-1", "The fix, agent 2.1, through Gate", "The same staged rollout of the fixed agent.",
                    [With(demo.Fixed, "fixed", "Agent 2.1 with Gate", "fixed")]),
            ],
            Footer = Inv($"gate demo --format html; seed {demo.Seed}; charts drawn from the simulation's samples every 10 simulated seconds. Figures with a JSON key equal gate demo --format json."),
        };
    }

    public static HtmlReport Simulation(SimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var profile = report.Profile;
        var api = profile.ApiServer;
        return new HtmlReport
        {
            Title = Inv($"gate simulate: {Counted.Of(report.Workloads.Count, "DaemonSet", "DaemonSets")} on a simulated {profile.Nodes:N0}-node cluster"),
            Lead =
            [
                Inv($"Control plane: {api.Replicas} kube-apiserver replica(s), {api.Cores / Math.Max(1, api.Replicas):0.#} cores and {api.MemoryBytesPerReplica / (1024.0 * 1024 * 1024):0} GiB each, default APF; simulated time, seed {report.Seed}."),
                report.ExitCode switch
                {
                    ExitCodes.Pass => "Result: safe — every agent was healthy on the whole cluster (exit 0).",
                    ExitCodes.PolicyViolation => "Result: HARMFUL — a simulation shows damage to the control plane or a rollback by the gate (exit 1).",
                    _ => "Result: INCONCLUSIVE — the gate could not judge a rollout (exit 4).",
                },
            ],
            Sections = [.. report.Workloads.Select((w, i) => new ReportSection(
                Inv($"workload-{i + 1}"),
                $"{w.Workload.Kind} {w.Workload.Namespace}/{w.Workload.Name} (agent {w.Workload.Agent})",
                "Without Gate the DaemonSet starts on every node at once; with Gate it is rolled out in stages (1 node, 1%, 10%, 50%, 100%; bake 5m).",
                [.. Runs(w, Inv($"workloads[{i}]."))]))],
            Footer = Inv($"gate simulate --format html; seed {report.Seed}; charts drawn from the simulation's samples every 10 simulated seconds. Figures with a JSON key equal gate simulate --format json."),
        };
    }

    /// <summary>
    /// The page of <c>gate simulate --fleet</c>: per DaemonSet, one section per wave that started (its cluster's staged
    /// rollout, with the same charts as a <c>gate simulate</c> run with Gate); the waves that never started are named.
    /// </summary>
    public static HtmlReport Fleet(FleetSimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sizes = string.Join(", ", report.Sizes.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)));
        var notStarted = report.Workloads
            .SelectMany(w => w.Waves.Where(v => v.Run is null).Select(v => Inv($"{w.Workload.Namespace}/{w.Workload.Name}: wave {v.Number} ({v.Nodes:N0} nodes) did not start — the fleet stopped at wave {w.Stopped?.Number ?? 0}.")));
        return new HtmlReport
        {
            Title = Inv($"gate simulate --fleet: {Counted.Of(report.Workloads.Count, "DaemonSet", "DaemonSets")} across {report.Sizes.Count} simulated clusters ({sizes} nodes)"),
            Lead =
            [
                "Smallest cluster first, one wave per cluster; each wave is gate rollout's staged canary on that cluster (stages 1 node, 1%, 10%, 50%, 100%; bake 5m); the first wave that is not promoted stops the later ones.",
                Inv($"Simulated time, seed {report.Seed}."),
                .. notStarted,
                report.ExitCode switch
                {
                    ExitCodes.Pass => "Result: every wave promoted (exit 0).",
                    ExitCodes.PolicyViolation => "Result: a wave was rolled back and the fleet stopped there (exit 1).",
                    _ => "Result: a wave stopped inconclusive (exit 4).",
                },
            ],
            Sections = [.. report.Workloads.SelectMany((w, i) => w.Waves.Select((v, j) => (Wave: v, Index: j)).Where(x => x.Wave.Run is not null).Select(x => new ReportSection(
                Inv($"workload-{i + 1}-wave-{x.Wave.Number}"),
                Inv($"{w.Workload.Namespace}/{w.Workload.Name}, wave {x.Wave.Number}: {x.Wave.Nodes:N0} nodes — {OutcomeText.Of(x.Wave.Outcome)}"),
                Inv($"{w.Workload.Kind} {w.Workload.Namespace}/{w.Workload.Name} (agent {w.Workload.Agent}) rolled out through the gate on a simulated {x.Wave.Nodes:N0}-node cluster."),
                [With(x.Wave.Run!, Inv($"workloads[{i}].waves[{x.Index}].run"), Inv($"Wave {x.Wave.Number}: {x.Wave.Nodes:N0} nodes, with Gate"), "with")])))],
            Footer = Inv($"gate simulate --fleet {string.Join(',', report.Sizes)} --format html; seed {report.Seed}; charts drawn from each wave's samples every 10 simulated seconds. Figures with a JSON key equal gate simulate --fleet --format json."),
        };
    }

    private static IEnumerable<RunPanel> Runs(WorkloadSimulation w, string prefix)
    {
        if (w.WithoutGate is { } without)
        {
            yield return Without(without, prefix + "withoutGate", "Without Gate (every node at once)");
        }

        if (w.WithGate is { } with)
        {
            yield return With(with, prefix + "withGate", "With Gate (gate rollout)", "with");
        }
    }

    private static RunPanel Without(WithoutGateResult w, string key, string label)
    {
        var json = SimulationText.WithoutJson(w);
        var markers = new List<ChartMarker> { new(0, MarkerKind.Event, "apply") };
        markers.AddRange(new[] { ("first OOM", w.FirstOomSeconds), ("all down", w.AllDownSeconds), ("DNS fails", w.DnsFailureSeconds) }
            .Where(e => e.Item2 is not null).Select(e => new ChartMarker(e.Item2!.Value, MarkerKind.Event, e.Item1)));
        return new RunPanel
        {
            Id = "without",
            Label = label,
            Outcome = OutcomeText.Of(w.Outcome),
            Harmful = w.Outcome != ControlPlaneOutcome.Healthy,
            Duration = w.SimulatedSeconds,
            Nodes = w.Nodes,
            Charts = Charts(w.Samples, w.Nodes),
            Markers = markers,
            Facts =
            [
                Fact(json, key, "outcome", "Outcome", v => v),
                Fact(json, key, "firstRejectionSeconds", "First 429", Seconds),
                Fact(json, key, "firstOomSeconds", "First OOM kill", Seconds),
                Fact(json, key, "allApiServersDownSeconds", "All API servers down", Seconds),
                Fact(json, key, "dnsFailureSeconds", "DNS failing", Seconds),
                Fact(json, key, "oomKills", "OOM kills", v => v),
                Fact(json, key, "peakAgents", "Most agents at once", Count),
                Fact(json, key, "peakApiServerMemoryFraction", "Peak memory / limit", Percent),
                Fact(json, key, "peakApiServerCpuFraction", "Peak CPU / cores", Percent),
            ],
        };
    }

    private static RunPanel With(WithGateResult g, string key, string label, string id)
    {
        var json = SimulationText.WithJson(g);
        return new RunPanel
        {
            Id = id,
            Label = label,
            Outcome = OutcomeText.Of(g.Outcome),
            Harmful = g.Outcome != RolloutOutcomeKind.Promoted,
            Duration = g.DurationSeconds,
            Nodes = g.Nodes,
            Charts = Charts(g.Samples, g.Nodes),
            Markers = Markers(g.Events.Select(e => (e.Seconds, e.Event))),
            Analyses = [.. g.Analyses.Select(a => new AnalysisRow(a.Seconds, a.Stage, a.UpdatedNodes, OutcomeText.Of(a.Outcome), a.Reason, a.Lines, a.Projection))],
            Facts =
            [
                Fact(json, key, "outcome", "Outcome", v => v),
                Fact(json, key, "detectedAtStage", "Caught at stage", v => v),
                Fact(json, key, "maxNodesOnNewRevision", "Most nodes on the new revision", Count),
                Fact(json, key, "detectionSeconds", "Failing verdict", Seconds),
                Fact(json, key, "rollbackSeconds", "Rollback took", v => v == "null" ? "-" : SvgChart.Clock(double.Parse(v, CultureInfo.InvariantCulture))[1..]),
                Fact(json, key, "oomKills", "OOM kills", v => v),
                Fact(json, key, "rejections", "Rejected requests (429)", Count),
                Fact(json, key, "durationSeconds", "Duration", v => SvgChart.Clock(double.Parse(v, CultureInfo.InvariantCulture))[1..]),
            ],
        };
    }

    /// <summary>Stage starts and the start of the rollback, from the engine's phase and stage changes.</summary>
    internal static IReadOnlyList<ChartMarker> Markers(IEnumerable<(double Seconds, RolloutEvent Event)> events)
    {
        var markers = new List<ChartMarker>();
        var stage = -1;
        var rolledBack = false;
        foreach (var (seconds, e) in events)
        {
            if (e.Phase == RolloutPhase.Updating && e.Stage > stage)
            {
                stage = e.Stage;
                markers.Add(new ChartMarker(seconds, MarkerKind.Stage, Inv($"S{e.Stage + 1}")));
            }
            else if (e.Phase == RolloutPhase.RollingBack && !rolledBack)
            {
                rolledBack = true;
                markers.Add(new ChartMarker(seconds, MarkerKind.Rollback, "rollback"));
            }
        }

        return markers;
    }

    private static Dictionary<ChartMetric, ChartData> Charts(IReadOnlyList<ControlPlaneSample> samples, int nodes)
    {
        List<ChartPoint> Of(Func<ControlPlaneSample, double> value) => [.. samples.Select(s => new ChartPoint(s.Seconds, value(s)))];
        return new Dictionary<ChartMetric, ChartData>
        {
            [ChartMetric.Cpu] = new() { Points = Of(s => s.CpuFraction), Caption = "CPU of all API servers, % of their cores", Format = v => Percent(v), Limit = 1, LimitLabel = "all cores" },
            [ChartMetric.Memory] = new() { Points = Of(s => s.MaxMemoryFraction), Caption = "Memory of the fullest API server, % of its limit", Format = v => Percent(v), Limit = 1, LimitLabel = "memory limit (OOM kill)" },
            [ChartMetric.ApfQueued] = new() { Points = Of(s => s.ApfQueued), Caption = "Requests waiting in APF queues", Format = v => HealthFormat.Number(v) },
            [ChartMetric.Rejections] = new() { Points = Of(s => s.RejectionsPerSecond), Caption = "429 responses per second", Format = v => HealthFormat.Number(v) + "/s" },
            [ChartMetric.RequestP99] = new() { Points = Of(s => s.RequestP99Seconds ?? double.NaN), Caption = "Request p99 (non-WATCH)", Format = v => HealthFormat.Value(v, "seconds"), Limit = RequestSloSeconds, LimitLabel = "SLO " + HealthFormat.Value(RequestSloSeconds, "seconds") },
            [ChartMetric.Agents] = new() { Points = Of(s => s.AgentsOnNewRevision), Caption = "Agent pods running the new revision", Format = v => HealthFormat.Number(v), Limit = nodes, LimitLabel = Inv($"all {nodes:N0} nodes") },
            [ChartMetric.CoreDns] = new() { Points = Of(s => s.Dns switch { "ok" => 0, "cached" => 1, _ => 2 }), Caption = "CoreDNS: ok, serving cached records, or failing", Format = v => HealthFormat.Number(v), Shape = ChartShape.States },
        };
    }

    private static ReportFact Fact(JsonObject json, string key, string property, string label, Func<string, string> text)
    {
        var node = json[property];
        var raw = node?.ToJsonString() ?? "null";
        var value = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : raw;
        return new ReportFact(label, raw == "null" ? "-" : text(value), key + "." + property, raw);
    }

    private static string Seconds(string json) => json == "null" ? "never" : SvgChart.Clock(double.Parse(json, CultureInfo.InvariantCulture));

    private static string Count(string json) => double.Parse(json, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(string json) => Percent(double.Parse(json, CultureInfo.InvariantCulture));

    private static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
