using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

/// <summary>
/// The model against the real kube-apiserver v1.32 measurements (docs/calibration): response bytes within ±15 %,
/// CPU and rates within the tolerances stated per test (the calibration asks for the same order), the same
/// saturation and failure behaviour.
/// </summary>
public sealed class CalibrationTests
{
    private const double BytesTolerance = 0.15;

    private static PatternCost OneList(AccessPattern pattern, ClusterProfile? profile = null) =>
        CostModel.At(Testbed.Agents(1, pattern with { PeriodSeconds = 1 }), profile ?? ClusterProfiles.Testbed).Patterns[0];

    private static void Near(double expected, double actual, double tolerance) =>
        Assert.InRange(actual, expected * (1 - tolerance), expected * (1 + tolerance));

    [Fact]
    public void At_ClusterWidePodListAt1000Nodes_Is251MegabytesWithin15Percent()
    {
        var measured = Testbed.SingleList(("scope", "cluster"), ("encoding", "json"), ("resource_version", "unset"));

        var cost = OneList(Testbed.Pods(ApiVerb.List, PatternScope.Cluster), ClusterProfiles.Medium);

        Near(measured.GetProperty("response_bytes").GetDouble(), cost.BytesPerResponse, BytesTolerance);
        Near(measured.GetProperty("response_bytes_gzip").GetDouble(), cost.WireBytesPerResponse, BytesTolerance);
        Assert.Equal(measured.GetProperty("served_from").GetString(), cost.ServedFrom);
    }

    [Fact]
    public void At_NodeScopedPodListAt1000Nodes_Is252KilobytesWithin15Percent()
    {
        var measured = Testbed.SingleList(("scope", "node"), ("served_from", "watch-cache"));

        var cost = OneList(Testbed.Pods(ApiVerb.List, PatternScope.Node), ClusterProfiles.Medium);

        Near(measured.GetProperty("response_bytes").GetDouble(), cost.BytesPerResponse, BytesTolerance);
        Assert.Equal(30, cost.ObjectsPerResponse);
        Assert.Equal(30, cost.ObjectsProcessed);
    }

    [Fact]
    public void At_ProtobufClusterWidePodList_MatchesMeasuredBytesAndCpu()
    {
        var measured = Testbed.SingleList(("scope", "cluster"), ("encoding", "protobuf"));

        var cost = OneList(Testbed.Pods(ApiVerb.List, PatternScope.Cluster, encoding: WireEncoding.Protobuf));

        Near(measured.GetProperty("response_bytes").GetDouble(), cost.BytesPerResponse, BytesTolerance);
        Near(measured.GetProperty("apiserver_cpu_s").GetDouble(), cost.CpuCores, 0.25);
    }

    [Theory]
    [InlineData("cluster", "unset", "watch-cache")]
    [InlineData("cluster", "0", "watch-cache")]
    [InlineData("node", "unset", "watch-cache")]
    public void At_SingleJsonListFromCache_CpuWithin25PercentOfMeasured(string scope, string rv, string servedFrom)
    {
        var measured = Testbed.SingleList(("scope", scope), ("encoding", "json"), ("resource_version", rv), ("served_from", servedFrom));
        var pattern = Testbed.Pods(ApiVerb.List, scope == "node" ? PatternScope.Node : PatternScope.Cluster, resourceVersion: rv == "0" ? "0" : null);

        var cost = OneList(pattern);

        Near(measured.GetProperty("apiserver_cpu_s").GetDouble(), cost.CpuCores, 0.25);
    }

    [Fact]
    public void At_NodeScopedListWithoutConsistentListFromCache_ReadsEveryPodFromEtcd()
    {
        var measured = Testbed.SingleList(("scope", "node"), ("served_from", "etcd"));
        var profile = ClusterProfiles.Testbed with { ConsistentListFromCache = false };

        var cost = OneList(Testbed.Pods(ApiVerb.List, PatternScope.Node), profile);

        Assert.Equal("etcd", cost.ServedFrom);
        Assert.Equal(30_000, cost.ObjectsProcessed);
        Near(measured.GetProperty("response_bytes").GetDouble(), cost.BytesPerResponse, BytesTolerance);
        Near(measured.GetProperty("apiserver_cpu_s").GetDouble(), cost.CpuCores, 0.25);
    }

    [Fact]
    public void At_ThirtyThousandPodList_TakesTheMaximumTenSeatsOfWorkloadLow()
    {
        var apf = Testbed.Root.GetProperty("apf");

        var cost = OneList(Testbed.Pods(ApiVerb.List, PatternScope.Cluster));
        var level = ApfConfiguration.Limits(ClusterProfiles.Testbed.ApiServer);

        Assert.Equal(apf.GetProperty("list_30k_pods_seats").GetInt32(), cost.Seats);
        Assert.Equal(apf.GetProperty("workload_low_nominal_seats").GetInt32(), level.NominalSeats);
        Assert.Equal(apf.GetProperty("total_seats").GetInt32(), ApfConfiguration.ServerConcurrencyLimit(ClusterProfiles.Testbed.ApiServer));
        Assert.Equal(apf.GetProperty("hand_size").GetInt32() * apf.GetProperty("queue_length_limit").GetInt32(), level.QueueCapacityPerFlow);
    }

    /// <summary>
    /// One LIST alone: the model counts its live heap (3× the response, the figure the concurrent run fits); the
    /// measured RSS is higher by the garbage collector's headroom, which the model does not count (it is not live and
    /// is given back under pressure, where outages happen). The prediction lies between idle plus that heap and the
    /// measurement.
    /// </summary>
    [Fact]
    public void Assess_OneClusterWideList_IdleWithin15PercentAndPeakBetweenLiveHeapAndMeasuredRss()
    {
        var rss = Testbed.Root.GetProperty("apiserver_rss_gb");
        var workload = Testbed.Agents(1, Testbed.Pods(ApiVerb.List, PatternScope.Cluster, period: 3600));
        var response = ClusterProfiles.Testbed.StatsOf("pods").Count * ClusterProfiles.Testbed.StatsOf("pods").MeanJsonBytes;

        var assessment = CostModel.Assess(CostModel.At(workload, ClusterProfiles.Testbed));

        Near(rss.GetProperty("idle").GetDouble() * 1e9, assessment.IdleMemoryBytes, BytesTolerance);
        Assert.InRange(
            assessment.SteadyMemoryBytes,
            assessment.IdleMemoryBytes + (CostCalibration.TransientMemoryPerResponseByte * response * 0.99),
            rss.GetProperty("during_one_cluster_list").GetDouble() * 1e9);
    }

    [Fact]
    public void Assess_FiftyAgentsListingAllPodsEvery10sWithDefaultInflight_PredictsOutOfMemory()
    {
        var measured = Testbed.Load(50, "cluster-wide pod LIST", inflight: "default");
        var concurrent = measured.GetProperty("concurrent_lists").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var workload = Testbed.Agents(50, Testbed.Pods(ApiVerb.List, PatternScope.Cluster, period: 10));

        var assessment = CostModel.Assess(CostModel.At(workload, ClusterProfiles.Testbed));

        Assert.Equal(ServerOutcome.OutOfMemory, assessment.Outcome);
        Assert.InRange(assessment.ConcurrentLists, concurrent[0], concurrent[1]);
        Assert.True(assessment.SteadyMemoryBytes > 24 * 1024.0 * 1024 * 1024);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(200)]
    [InlineData(1000)]
    public void Assess_ClusterWideListersWithLimitedInflight_SurviveButThrottle(int agents)
    {
        var measured = Testbed.Load(agents, "cluster-wide pod LIST", inflight: "100/50");
        var workload = Testbed.Agents(agents, Testbed.Pods(ApiVerb.List, PatternScope.Cluster, period: 10));

        var assessment = CostModel.Assess(CostModel.At(workload, Testbed.LimitedInflight));

        Assert.True(measured.GetProperty("rejected_429").GetInt32() > 0);
        Assert.Equal(ServerOutcome.Throttled, assessment.Outcome);
    }

    [Fact]
    public void At_ClusterWideListCeilingOnTwoCores_WithinThirtyPercentOfMeasured()
    {
        var measured = Testbed.Load(8, "cluster-wide pod LIST", inflight: "100/50").GetProperty("lists_per_s_ceiling").GetDouble();

        var cpuPerList = OneList(Testbed.Pods(ApiVerb.List, PatternScope.Cluster)).CpuCores;

        Near(measured, ClusterProfiles.Testbed.ApiServer.Cores / cpuPerList, 0.30);
    }

    [Fact]
    public void Assess_ThousandNodeScopedPollersEvery10s_HealthyWithMeasuredCpu()
    {
        var measured = Testbed.Load(1000, "node-scoped pod LIST");
        var workload = Testbed.Agents(1000, Testbed.Pods(ApiVerb.List, PatternScope.Node, period: 10));

        var cost = CostModel.At(workload, ClusterProfiles.Testbed);
        var assessment = CostModel.Assess(cost);

        Assert.Equal(ServerOutcome.Healthy, assessment.Outcome);
        Assert.Equal(100, cost.Total.RequestsPerSecond, 6);
        Near(measured.GetProperty("apiserver_cpu_cores").GetDouble(), cost.Total.CpuCores, 0.30);
    }

    [Fact]
    public void At_ClusterWidePodWatchers_CpuGrowsWithWatchersAsMeasured()
    {
        double Model(int k, double rate) =>
            CostModel.At(Testbed.Agents(k, Testbed.Pods(ApiVerb.Watch, PatternScope.Cluster)), Testbed.WithPodUpdates(rate)).Total.CpuCores;
        double Measured(int k, double rate) =>
            Testbed.Load(k, "cluster-wide pod WATCH", podUpdatesPerSecond: rate).GetProperty("apiserver_cpu_cores").GetDouble();

        // The server's own baseline (controllers, the update load itself) is what one watcher leaves unexplained.
        var baseline = Measured(1, 10) - Model(1, 10);

        Assert.All([50, 200, 1000], k => Near(Measured(k, 10), baseline + Model(k, 10), 0.25));
        Near(Measured(1000, 0), baseline + Model(1000, 0), 0.25);
        Assert.True(Model(1000, 10) > 10 * Model(50, 10));
    }
}
