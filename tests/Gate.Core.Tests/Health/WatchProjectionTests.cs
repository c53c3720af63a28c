using Gate.Core.Agents;
using Gate.Core.Health;

namespace Gate.Core.Tests.Health;

/// <summary>The per-watch projection line: events × event size × the scope's share, per node × fleet, fail closed.</summary>
public class WatchProjectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CanaryWatch Events = new("events", string.Empty, PatternScope.Cluster);
    private static readonly CanaryWatch NodePods = new("pods", string.Empty, PatternScope.Node);

    private static readonly ProjectionSpec Spec = HealthPackLoader.BuiltIn().Projection!;

    private static ProjectionMetric Metric => Spec.Metrics.Single(m => m.Id == WellKnownSignals.ProjectionWatchBytes);

    private static CanaryContext Canary(params CanaryWatch[] watches) => new()
    {
        Namespace = "telemetry",
        DaemonSet = "events-watcher",
        Nodes = ["node-1"],
        FleetNodes = 5000,
        Watches = watches,
        Budgets = new Dictionary<string, double> { [WellKnownSignals.ProjectionWatchBytes] = 364.8e6 },
    };

    private static HealthQueryResult Samples(double value) =>
        HealthQueryResult.FromSamples(Enumerable.Range(0, 4).Select(i => new HealthSample(Now.AddSeconds(15 * i), value)).ToList());

    private static Dictionary<string, HealthQueryResult> Measured(params (CanaryWatch Watch, HealthQueryResult? Events, HealthQueryResult? Bytes)[] watches)
    {
        var results = new Dictionary<string, HealthQueryResult>(StringComparer.Ordinal);
        foreach (var (watch, events, bytes) in watches)
        {
            if (events is not null)
            {
                results[ProjectionEvaluator.EventsKey(Metric, watch)] = events;
            }

            if (bytes is not null)
            {
                results[ProjectionEvaluator.EventBytesKey(Metric, watch)] = bytes;
            }
        }

        return results;
    }

    private static ProjectionLine WatchLine(CanaryContext canary, Dictionary<string, HealthQueryResult> results) =>
        ProjectionEvaluator.Evaluate(Spec with { Metrics = [Metric] }, "gate-canary-events-watcher", canary, results).Lines.Single();

    [Fact]
    public void Evaluate_EveryNodeWatchesAllEvents_FailsAtFleetSize()
    {
        // 250 events/s × 1,000 B to each node's watch = 250 kB/s per node; × 5,000 nodes = 1.25 GB/s > 364.8 MB/s.
        var line = WatchLine(Canary(Events), Measured((Events, Samples(250), Samples(1000))));

        Assert.Equal(HealthOutcome.Fail, line.Outcome);
        Assert.Equal(250_000, line.PerNode);
        Assert.Equal(1.25e9, line.Projected);
        Assert.Equal("WATCH events cluster-wide: 250 events/s × 1000 B = 244 KiB/s/node × 5000 = 1.16 GiB/s > budget 348 MiB/s", line.Reason);
    }

    [Fact]
    public void Evaluate_NodeScopedPodWatch_GetsOneNodesShareAndPasses()
    {
        // 250 pod events/s in the cluster, 8.4 kB each: a node-scoped watcher gets 1/5,000 of them.
        var line = WatchLine(Canary(NodePods), Measured((NodePods, Samples(250), Samples(8400))));

        Assert.Equal(HealthOutcome.Pass, line.Outcome);
        Assert.Equal(420, line.PerNode!.Value, 6);
        Assert.Equal(2.1e6, line.Projected!.Value, 3);
        Assert.Contains("WATCH pods of its node: 250 events/s × 8.2 KiB ÷ 5000 nodes", line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_QuietResource_CostsNothingWithoutAnEventSize()
    {
        // No event was sent, so no size was observed (0/0 in PromQL): a quiet resource costs nothing.
        var line = WatchLine(Canary(Events), Measured((Events, Samples(0), HealthQueryResult.FromSamples([]))));

        Assert.Equal(HealthOutcome.Pass, line.Outcome);
        Assert.Equal(0, line.Projected);
    }

    [Fact]
    public void Evaluate_NoWatches_PassesAtZero()
    {
        var line = WatchLine(Canary(), []);

        Assert.Equal(HealthOutcome.Pass, line.Outcome);
        Assert.Equal(0, line.Projected);
        Assert.StartsWith("no watches = 0 B/s/node", line.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WatchesNotKnown_LeavesTheLineOut()
    {
        var verdict = ProjectionEvaluator.Evaluate(Spec, "gate-canary-events-watcher", Canary() with { Watches = null }, new Dictionary<string, HealthQueryResult>());

        Assert.DoesNotContain(verdict.Lines, l => l.Metric == WellKnownSignals.ProjectionWatchBytes);
    }

    public static TheoryData<string, HealthQueryResult?, HealthQueryResult?, HealthOutcome, string> Unmeasurable => new()
    {
        { "events not queried", null, Samples(1000), HealthOutcome.Inconclusive, "events events (apiserver_watch_cache_events_received_total): not measured" },
        { "no events series", HealthQueryResult.FromSamples([]), Samples(1000), HealthOutcome.Inconclusive, "events events (apiserver_watch_cache_events_received_total): no data, the watch's cost cannot be measured" },
        { "events query failed", HealthQueryResult.Failed(HealthQueryErrorKind.Timeout, "deadline"), Samples(1000), HealthOutcome.Inconclusive, "events events (apiserver_watch_cache_events_received_total): query failed (timeout): deadline" },
        { "no event size", Samples(250), HealthQueryResult.FromSamples([]), HealthOutcome.Inconclusive, "events event size (apiserver_watch_events_sizes): no data, the watch's cost cannot be measured" },
        { "NaN event size", Samples(250), Samples(double.NaN), HealthOutcome.Inconclusive, "events event size (apiserver_watch_events_sizes): non-finite measurement (NaN or -Inf): cannot project" },
        { "+Inf events", Samples(double.PositiveInfinity), Samples(1000), HealthOutcome.Fail, "events events (apiserver_watch_cache_events_received_total): +Inf measured: over any budget" },
    };

    [Theory]
    [MemberData(nameof(Unmeasurable))]
    public void Evaluate_UnmeasurableWatch_NeverPasses(string why, HealthQueryResult? events, HealthQueryResult? bytes, HealthOutcome expected, string reason)
    {
        var verdict = ProjectionEvaluator.Evaluate(Spec with { Metrics = [Metric] }, "gate-canary-events-watcher", Canary(Events), Measured((Events, events, bytes)));

        Assert.True(expected == verdict.Lines.Single().Outcome, why);
        Assert.Equal(reason, verdict.Lines.Single().Reason);
        Assert.Equal(expected, verdict.Outcome);
    }

    [Fact]
    public async Task EvaluateAsync_PerWatchMetric_QueriesEachWatchedResourceWithItsLabels()
    {
        var pack = HealthPackLoader.BuiltIn();
        var source = new Gate.Testing.ScriptedHealthSource().Healthy(pack);

        await new HealthJudge(pack, source).EvaluateAsync(HealthWindow.Ending(Now, TimeSpan.FromMinutes(5)), null, Canary(Events, NodePods));

        var events = source.Queries.Where(q => q.Signal == WellKnownSignals.ProjectionWatchBytes).Select(q => q.Expression).ToList();
        Assert.Equal(2, events.Count);
        Assert.Contains(events, e => e.Contains("resource=~\"events|events.\"", StringComparison.Ordinal));
        var sizes = source.Queries.Single(q => q.Signal == WellKnownSignals.ProjectionWatchBytes + "/event-bytes" && q.Expression.Contains("kind=\"Pod\"", StringComparison.Ordinal));
        Assert.Contains("group=\"\",resource=\"pods\"", sizes.Expression, StringComparison.Ordinal);
        Assert.Null(sizes.Scrape);
    }
}
