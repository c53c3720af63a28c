using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

/// <summary>Behaviour of the per-pattern model: where requests are served, rates, fan-out, seats, start-up and series.</summary>
public sealed class CostModelTests
{
    private static Workload Fleet(params AccessPattern[] patterns) => PatternArbitraries.Fleet(patterns);

    private static AccessPattern Pods(ApiVerb verb, PatternScope scope) => Testbed.Pods(verb, scope);

    private static PatternCost Single(AccessPattern pattern, ClusterProfile profile) => CostModel.At(Fleet(pattern), profile).Patterns[0];

    [Fact]
    public void At_PaginatedListWithoutResourceVersion_ContinuesFromEtcdPageByPage()
    {
        var cost = Single(Pods(ApiVerb.List, PatternScope.Cluster) with { Limit = 500, PeriodSeconds = 60 }, ClusterProfiles.Medium);

        Assert.Equal("etcd", cost.ServedFrom);
        Assert.Equal(60, cost.RequestsPerResponse);
        Assert.Equal(30_000, cost.ObjectsProcessed);
        Assert.Equal(1_000.0 * 60 / 60, cost.RequestsPerSecond, 9);
        Assert.Equal(10, cost.Seats);
    }

    [Fact]
    public void At_ListWithResourceVersionZeroAndLimit_IsOneResponseFromTheCache()
    {
        var cost = Single(Pods(ApiVerb.List, PatternScope.Cluster) with { Limit = 500, ResourceVersion = "0" }, ClusterProfiles.Medium);

        Assert.Equal("watch-cache", cost.ServedFrom);
        Assert.Equal(1, cost.RequestsPerResponse);
        Assert.Equal(30_000, cost.ObjectsPerResponse);
    }

    [Fact]
    public void At_ConsistentListFromCacheOff_NodeScopedListProcessesEveryPod()
    {
        var on = Single(Pods(ApiVerb.List, PatternScope.Node), ClusterProfiles.Large);
        var off = Single(Pods(ApiVerb.List, PatternScope.Node), ClusterProfiles.Large with { ConsistentListFromCache = false });

        Assert.Equal(30, on.ObjectsProcessed);
        Assert.Equal(150_000, off.ObjectsProcessed);
        Assert.Equal("etcd", off.ServedFrom);
        Assert.Equal(on.BytesPerResponse, off.BytesPerResponse);
        Assert.True(off.StartupBytes > 1_000 * on.StartupBytes);
    }

    [Fact]
    public void At_GetWithoutResourceVersion_IsAnEtcdQuorumRead()
    {
        var get = new AccessPattern { Verb = ApiVerb.Get, Resource = "pods", Scope = PatternScope.Namespace, PeriodSeconds = 600 };

        var cost = Single(get, ClusterProfiles.Medium);

        Assert.Equal("etcd", cost.ServedFrom);
        Assert.Equal(1, cost.Seats);
        Assert.Equal(1_000.0 / 600, cost.RequestsPerSecond, 9);
        Assert.Equal(1_000.0 / 600 * 8_400, cost.BytesPerSecond, 6);
    }

    [Fact]
    public void At_InformerList_RelistsAfterWatchExpiryButAPeriodicListDoesNot()
    {
        var informer = CostModel.At(Fleet(Pods(ApiVerb.List, PatternScope.Node), Pods(ApiVerb.Watch, PatternScope.Node)), ClusterProfiles.Large);
        var poller = Single(Pods(ApiVerb.List, PatternScope.Node) with { PeriodSeconds = 60 }, ClusterProfiles.Large);

        Assert.Equal(5_000.0 / 3600, informer.Patterns[0].RelistsPerSecond, 9);
        Assert.Equal(5_000.0 / 3600, informer.Patterns[0].RequestsPerSecond, 9);
        Assert.Equal(5_000.0 / CostCalibration.WatchRenewSeconds, informer.Patterns[1].RequestsPerSecond, 9);
        Assert.Equal(0, poller.RelistsPerSecond);
    }

    [Fact]
    public void At_ClusterWideWatch_FansEveryChangeOutToEveryReplica()
    {
        var cost = Single(Pods(ApiVerb.Watch, PatternScope.Cluster), ClusterProfiles.Large);

        // 5,000 watchers × 150,000 pods / 600 s.
        Assert.Equal(5_000 * 250.0, cost.WatchEventsPerSecond, 6);
        Assert.Equal(5_000 * 250.0 * 8_400, cost.BytesPerSecond, 1);
        Assert.Equal(1, cost.Seats);
    }

    [Fact]
    public void At_ClusterWideWatch_MakesEveryWriteOfTheResourceWider()
    {
        var clusterWide = Single(Pods(ApiVerb.Watch, PatternScope.Cluster), ClusterProfiles.Large);
        var nodeScoped = Single(Pods(ApiVerb.Watch, PatternScope.Node), ClusterProfiles.Large);

        // 3 replicas: ceil(5000 / 3) = 1667 watches each -> ceil(166.7) = 167 seats × 5 ms per write, 250 writes/s.
        Assert.Equal(250 * 167 * 0.005, clusterWide.WriterSeatSecondsPerSecond, 6);
        Assert.Equal(0, nodeScoped.WriterSeatSecondsPerSecond);
    }

    [Fact]
    public void At_WriteWatchedByTheOwnFleet_PaysTheMutatingEstimatorsFinalSeats()
    {
        var patch = new AccessPattern { Verb = ApiVerb.Patch, Resource = "nodes", Scope = PatternScope.Node, PeriodSeconds = 60 };
        var watch = new AccessPattern { Verb = ApiVerb.Watch, Resource = "nodes", Scope = PatternScope.Cluster };

        var alone = CostModel.At(Fleet(patch), ClusterProfiles.Large).Patterns[0];
        var watched = CostModel.At(Fleet(patch, watch), ClusterProfiles.Large).Patterns[0];

        Assert.Equal(1, alone.Seats);
        Assert.Equal(10, watched.Seats);
        Assert.True(watched.SeatSecondsPerSecond > 100 * alone.SeatSecondsPerSecond);
    }

    [Fact]
    public void At_EventsWatch_FollowsCreationRate()
    {
        var watch = new AccessPattern { Verb = ApiVerb.Watch, Resource = "events", Scope = PatternScope.Cluster };

        var cost = Single(watch, ClusterProfiles.Medium);

        Assert.Equal(1_000 * 0.05 * 1_000, cost.WatchEventsPerSecond, 6);
    }

    [Fact]
    public void At_AgentInKubeSystem_LandsInWorkloadHigh()
    {
        var workload = Fleet(Pods(ApiVerb.List, PatternScope.Cluster)) with { Namespace = "kube-system" };

        var cost = CostModel.At(workload, ClusterProfiles.Medium);

        Assert.Equal("workload-high", cost.Patterns[0].PriorityLevel);
    }

    [Fact]
    public void At_PerClusterWorkload_CostsItsReplicasNotItsNodes()
    {
        var deployment = Fleet(Pods(ApiVerb.List, PatternScope.Cluster) with { PeriodSeconds = 60 }) with
        {
            Multiplicity = Multiplicity.PerCluster,
            Replicas = 2,
        };

        var estimate = CostModel.Estimate(deployment, ClusterProfiles.XLarge);

        Assert.Equal(2.0 / 60, estimate.Total.RequestsPerSecond, 9);
        Assert.Equal(ScalingFit.Linear, estimate.Scaling);
    }

    [Fact]
    public void At_UnknownResource_UsesOneObjectPerNode()
    {
        var list = new AccessPattern { Verb = ApiVerb.List, Group = "example.com", Resource = "widgets", Scope = PatternScope.Cluster };

        var cost = Single(list, ClusterProfiles.Medium);

        Assert.Equal(1_000, cost.ObjectsPerResponse);
        Assert.Equal(1_000 * ReferenceCluster.UnknownResourceBytes, cost.BytesPerResponse);
    }

    [Fact]
    public void At_SeatUtilization_IsSeatSecondsPerReplicaOverNominalSeats()
    {
        var workload = Testbed.Agents(1_000, Testbed.Pods(ApiVerb.List, PatternScope.Node, period: 10));

        var cost = CostModel.At(workload, ClusterProfiles.Testbed);

        Assert.Equal(cost.Patterns[0].SeatSecondsPerSecond / 245, cost.Total.SeatUtilization, 9);
        Assert.Equal(100 * 10 * (cost.Patterns[0].CpuCores / 100 / CostCalibration.RequestCpuParallelism), cost.Patterns[0].SeatSecondsPerSecond, 9);
    }

    [Fact]
    public void Estimate_NoPatterns_CostsNothingAndNeverBreaks()
    {
        var estimate = CostModel.Estimate(Fleet() with { PatternSource = PatternSource.None }, ClusterProfiles.XLarge);

        Assert.Equal(ScalingFit.Constant, estimate.Scaling);
        Assert.Null(estimate.BreakEvenNodes);
        Assert.Equal(0, estimate.Total.BytesPerSecond);
        Assert.Equal(ServerOutcome.Healthy, estimate.Assessment!.Outcome);
    }

    [Fact]
    public void Estimate_SizeBetweenReferenceSizes_SeriesHasItInOrder()
    {
        var estimate = CostModel.Estimate(Fleet(Pods(ApiVerb.List, PatternScope.Node)), ClusterProfiles.ForNodes(2_400));

        Assert.Equal([100, 1_000, 2_400, 5_000, 15_000], estimate.Series.Select(p => p.Nodes));
        Assert.Equal(estimate.Total, estimate.Series[2].Total);
    }

    [Fact]
    public void Estimate_BuiltInSize_SeriesIsTheFourReferenceSizes()
    {
        var estimate = CostModel.Estimate(Fleet(Pods(ApiVerb.List, PatternScope.Node)), ClusterProfiles.Large);

        Assert.Equal(ReferenceCluster.Sizes, estimate.Series.Select(p => p.Nodes));
    }

    [Fact]
    public void Estimate_BreakEvenNodes_IsTheFirstSizeOverBudget()
    {
        var poller = Fleet(Pods(ApiVerb.List, PatternScope.Cluster) with { PeriodSeconds = 60 });

        var breakEven = CostModel.Estimate(poller, ClusterProfiles.Small).BreakEvenNodes!.Value;

        bool Exceeded(int n) => CostBudget.Default.Evaluate(CostModel.At(poller, ClusterProfiles.ForNodes(n)).Total, ClusterProfiles.ForNodes(n).ApiServer).Exceeded;
        Assert.True(Exceeded(breakEven));
        Assert.False(Exceeded(breakEven - 1));
        Assert.InRange(breakEven, 101, 1_000);
    }

    [Fact]
    public void Estimate_TighterBudget_BreaksEarlier()
    {
        var informer = Fleet(Pods(ApiVerb.List, PatternScope.Node), Pods(ApiVerb.Watch, PatternScope.Node));

        var loose = CostModel.Estimate(informer, ClusterProfiles.Large);
        var tight = CostModel.Estimate(informer, ClusterProfiles.Large, CostBudget.Default with { CapacityShare = 0.0005 });

        Assert.Null(loose.BreakEvenNodes);
        Assert.NotNull(tight.BreakEvenNodes);
        Assert.Equal(BudgetEvaluation.StartupBytes, tight.Budget!.Limit);
    }

    [Fact]
    public void Evaluate_OptionalLimits_AreCheckedOnlyWhenSet()
    {
        var total = new CostTotal { SeatUtilization = 0.5, CpuCores = 3, PeakMemoryBytes = 10e9 };
        var capacity = ClusterProfiles.Medium.ApiServer;

        var unset = CostBudget.Default.Evaluate(total, capacity);
        var set = (CostBudget.Default with { MaxSeatUtilization = 0.25, MaxCpuShare = 0.5, MaxPeakMemoryShare = 0.5 }).Evaluate(total, capacity);

        Assert.False(unset.Exceeded);
        Assert.True(set.Exceeded);
        Assert.Equal(BudgetEvaluation.SeatUtilization, set.Limit);
        Assert.Equal(2.0, set.Ratios[BudgetEvaluation.SeatUtilization], 9);
        Assert.Equal(0.25, set.Ratios[BudgetEvaluation.Cpu], 9);
    }

    [Fact]
    public void Startup_ClusterWideInformerOnLargeStage_RejectsBeyondSeatsAndQueues()
    {
        var workload = Fleet(Pods(ApiVerb.List, PatternScope.Cluster) with { ResourceVersion = "0" }, Pods(ApiVerb.Watch, PatternScope.Cluster));

        var stage = CostModel.Startup(workload, ClusterProfiles.Large, 5_000);

        // Per server: 1667 LISTs of 10 seats; 368 seats run 36 at once, 300 queue in the flow -> 1331 rejected each.
        Assert.Equal(5_000, stage.Agents);
        Assert.Equal(5_000, stage.Requests);
        Assert.Equal(5_000 * 150_000 * 8_400.0, stage.Bytes, 1);
        Assert.Equal((5_000.0 / 3 - (36 + 300)) * 3, stage.RejectedRequests, 6);
        Assert.Equal((36 + 300) * 3, stage.MaxAgentsWithoutRejection);
        Assert.True(stage.DrainSeconds > 60);
    }

    [Fact]
    public void Assess_ClusterWidePodInformersAtLargeStartup_RunOutOfMemory()
    {
        var workload = Fleet(Pods(ApiVerb.List, PatternScope.Cluster) with { ResourceVersion = "0" }, Pods(ApiVerb.Watch, PatternScope.Cluster));

        var estimate = CostModel.Estimate(workload, ClusterProfiles.Large);

        Assert.Equal(ServerOutcome.OutOfMemory, estimate.Assessment!.StartupOutcome);
        Assert.Equal(ScalingFit.Quadratic, estimate.Scaling);
    }

    private static AccessPattern Leader(AccessPattern p) => p with { Replicas = 1, LeaderElected = true };

    [Fact]
    public void At_LeaderElectedClusterWideInformer_CostsOneCopyWhateverTheNodeCount()
    {
        var list = Pods(ApiVerb.List, PatternScope.Cluster) with { ResourceVersion = "0" };
        var watch = Pods(ApiVerb.Watch, PatternScope.Cluster);

        var leader = CostModel.At(Fleet(Leader(list), Leader(watch)), ClusterProfiles.Large);
        var everyNode = CostModel.At(Fleet(list, watch), ClusterProfiles.Large);

        // One watcher of 150,000 pods changing every 600 s; one initial LIST of them; one relist per hour.
        Assert.Equal(150_000 / 600.0, leader.Patterns[1].WatchEventsPerSecond, 9);
        Assert.Equal(150_000 * 8_400.0, leader.Patterns[0].StartupBytes, 1);
        Assert.Equal(1.0 / 3600, leader.Patterns[0].RelistsPerSecond, 12);
        Assert.Equal(5_000 * leader.Patterns[1].WatchEventsPerSecond, everyNode.Patterns[1].WatchEventsPerSecond, 6);
        Assert.Equal(5_000 * leader.Total.StartupBytes, everyNode.Total.StartupBytes, 1);
    }

    [Fact]
    public void Estimate_LeaderElectedInformerBesidePerNodeLeaseRenewals_ScalesLinearly()
    {
        var lease = new AccessPattern { Verb = ApiVerb.Get, Group = "coordination.k8s.io", Resource = "leases", Scope = PatternScope.Object, PeriodSeconds = 2 };
        var workload = Fleet(lease, Leader(Pods(ApiVerb.List, PatternScope.Cluster) with { ResourceVersion = "0" }), Leader(Pods(ApiVerb.Watch, PatternScope.Cluster)));

        var estimate = CostModel.Estimate(workload, ClusterProfiles.Large);

        Assert.Equal(5_000 / 2.0, estimate.Patterns[0].RequestsPerSecond, 9);
        Assert.Equal(ScalingFit.Linear, estimate.Scaling);
    }

    [Fact]
    public void At_PatternCountAboveTheReplicasRunning_IsCappedAtTheReplicas()
    {
        var shards = Pods(ApiVerb.Watch, PatternScope.Cluster) with { Replicas = 8 };

        var twoRunning = CostModel.At(Fleet(shards), ClusterProfiles.Large, replicas: 2);
        var noneRunning = CostModel.At(Fleet(shards), ClusterProfiles.Large, replicas: 0);
        var all = CostModel.At(Fleet(shards), ClusterProfiles.Large);

        Assert.Equal(2 * 150_000 / 600.0, twoRunning.Patterns[0].WatchEventsPerSecond, 9);
        Assert.Equal(0, noneRunning.Patterns[0].WatchEventsPerSecond);
        Assert.Equal(8 * 150_000 / 600.0, all.Patterns[0].WatchEventsPerSecond, 9);
    }
}
