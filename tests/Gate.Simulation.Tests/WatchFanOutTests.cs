using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Health;
using Gate.Core.Rollout;
using Gate.Prometheus;
using Gate.Simulation.ControlPlane;
using Gate.Simulation.Scenarios;

namespace Gate.Simulation.Tests;

/// <summary>
/// Watch fan-out caught at one node: the simulated servers export the watch-event metrics under their upstream
/// names and labels, and a simulated 5,000-node rollout rolls back at stage 1 what gate check flags at 5,000 nodes.
/// </summary>
public class WatchFanOutTests
{
    private static readonly AccessPattern EventsWatch = new() { Verb = ApiVerb.Watch, Resource = "events", Scope = PatternScope.Cluster, Reason = "every Event in the cluster" };

    private static Workload Agent(string name, params AccessPattern[] patterns) => DemoAgents.NodeScoped with
    {
        Name = name,
        ServiceAccount = name,
        AccessPatterns = patterns,
        Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [WorkloadSimulation.ImageAnnotation] = $"registry.example/{name}:1.0" },
    };

    private static WithGateResult Rollout(ClusterProfile profile, Workload agent) =>
        WorkloadSimulation.Run(profile, agent, new SimulationOptions(), withoutGate: false, withGate: true).WithGate!;

    private static List<string> Failing(WithGateResult result) =>
        result.Analyses[0].Lines.Where(l => l.Contains(": fail", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData("v1.32", "resource", "events", "kind", "Event")]
    [InlineData("v1.34", "group", "", "resource", "events")]
    public void ScrapeMetrics_OpenEventsWatch_ExportsWatchCacheAndWatchEventMetricsWithTheVersionsLabels(string version, string cacheLabel, string cacheValue, string sentLabel, string sentValue)
    {
        var profile = SimulationProfiles.ForNodes(1000).AtVersion(version);
        var model = new ControlPlaneModel(profile, new SimulationOptions { SystemClients = false });
        var watch = new RequestCostModel(profile).Price(EventsWatch).ToRequest(FlowClass.ServiceAccount("a", "system:serviceaccount:a:b", string.Empty), "agent", (_, _) => { });
        model.OpenWatch(model.Replicas[0], watch, 0, () => { });

        model.RunUntil(60);
        var samples = PrometheusTextParser.Parse(model.Replicas[0].ScrapeMetrics()!);

        // 0.05 events per node per second at 1,000 nodes = 50/s into the cache, all sent to the one watcher, 1,000 B each.
        var received = Assert.Single(samples, s => s.Name == "apiserver_watch_cache_events_received_total" && s.Label(cacheLabel) == cacheValue && (version == "v1.32" || s.Label("resource") == "events"));
        Assert.Equal(3000, received.Value, 6);
        var sent = Assert.Single(samples, s => s.Name == "apiserver_watch_events_total" && s.Label(sentLabel) == sentValue);
        Assert.Equal(3000, sent.Value, 6);
        Assert.Equal("v1", sent.Label("version"));
        var bytes = Assert.Single(samples, s => s.Name == "apiserver_watch_events_sizes_sum" && s.Label(sentLabel) == sentValue).Value;
        var count = Assert.Single(samples, s => s.Name == "apiserver_watch_events_sizes_count" && s.Label(sentLabel) == sentValue).Value;
        Assert.Equal(1000, bytes / count, 6);
        Assert.Contains(samples, s => s.Name == "apiserver_watch_events_sizes_bucket" && s.Label("le") == "1024" && s.Value == count);
        Assert.Contains(samples, s => s.Name == "apiserver_watch_cache_events_received_total" && s.Label("resource") == "pods");
    }

    [Fact]
    public void RunWithGate_EveryNodeWatchesAllEventsOn5000Nodes_RolledBackAtStageOneByWatchBytes()
    {
        // The flow-schema lines see the watch's start (its initial events); the events it is sent afterwards, 250/s of
        // 1,000 B to each of 5,000 nodes, only the watch-bytes line sees.
        var result = Rollout(SimulationProfiles.ForNodes(5000), Agent("events-watcher", EventsWatch));

        Assert.Equal(RolloutOutcomeKind.RolledBack, result.Outcome);
        Assert.Equal(1, result.DetectedAtStage);
        Assert.Equal(1, result.MaxNodesOnNewRevision);
        Assert.Contains(
            "projection-watch-bytes: fail — WATCH events cluster-wide: 250 events/s × 1000 B = 244 KiB/s/node × 5000 = 1.16 GiB/s > budget 348 MiB/s",
            Failing(result));
    }

    [Fact]
    public void RunWithGate_EventsInformerOn5000Nodes_RolledBackAtStageOneWithWatchBytesFailing()
    {
        var list = EventsWatch with { Verb = ApiVerb.List, ResourceVersion = "0" };
        var result = Rollout(SimulationProfiles.ForNodes(5000), Agent("events-watcher", list, EventsWatch));

        Assert.Equal(RolloutOutcomeKind.RolledBack, result.Outcome);
        Assert.Equal(1, result.DetectedAtStage);
        Assert.Contains(Failing(result), l => l.StartsWith("projection-watch-bytes: fail", StringComparison.Ordinal));
        Assert.All(result.Analyses[0].Lines.Where(l => !l.StartsWith("projection-", StringComparison.Ordinal)), l => Assert.Contains(": pass", l, StringComparison.Ordinal));
    }

    [Fact]
    public void RunWithGate_PaginatedNodePodListFromEtcdOnV130_RolledBackAtStageOne()
    {
        // v1.30: a LIST with limit and no resourceVersion is delegated to etcd (hasLimit), which reads every pod.
        var profile = SimulationProfiles.ForNodes(5000).AtVersion("v1.30");
        var pattern = new AccessPattern { Verb = ApiVerb.List, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$(NODE_NAME)", Limit = 500, PeriodSeconds = 60 };
        Assert.True(RequestPricing.Price(pattern, profile).FromEtcd);

        var result = Rollout(profile, Agent("node-pod-lister", pattern));

        Assert.Equal(RolloutOutcomeKind.RolledBack, result.Outcome);
        Assert.Equal(1, result.DetectedAtStage);
        Assert.NotEmpty(Failing(result));
        Assert.All(Failing(result), l => Assert.StartsWith("projection-", l, StringComparison.Ordinal));
    }

    [Fact]
    public void RunWithGate_NodeScopedPodInformerOn5000Nodes_Promoted()
    {
        var list = new AccessPattern { Verb = ApiVerb.List, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$(NODE_NAME)", ResourceVersion = "0" };
        var result = Rollout(SimulationProfiles.ForNodes(5000), Agent("node-agent", list, list with { Verb = ApiVerb.Watch, ResourceVersion = null }));

        Assert.Equal(RolloutOutcomeKind.Promoted, result.Outcome);
        var last = result.Analyses[^1].Lines.Single(l => l.StartsWith("projection-watch-bytes", StringComparison.Ordinal));
        Assert.StartsWith("projection-watch-bytes: pass — WATCH pods of its node: ", last, StringComparison.Ordinal);
    }
}
