using FsCheck;
using FsCheck.Xunit;
using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

/// <summary>Properties every estimate must have, over generated patterns and cluster sizes.</summary>
[Properties(Arbitrary = [typeof(PatternArbitraries)], MaxTest = 200)]
public sealed class CostModelPropertyTests
{
    private static CostTotal Total(AccessPattern pattern, int nodes) =>
        CostModel.At(PatternArbitraries.Fleet(pattern), ClusterProfiles.ForNodes(nodes)).Total;

    private static bool NotAbove(double a, double b) => a <= (b * (1 + 1e-9)) + 1e-12;

    [Property]
    public bool At_MoreNodes_NeverCheaper(PatternAtSize case0, PositiveInt extra)
    {
        // Namespace scope divides by a floored namespace count (as the corpus labelling rule does), so it is not monotone; it is bounded below.
        var pattern = case0.Pattern.Scope == PatternScope.Namespace ? case0.Pattern with { Scope = PatternScope.Cluster } : case0.Pattern;
        var small = Total(pattern, case0.Nodes);
        var large = Total(pattern, case0.Nodes + extra.Get);

        return NoCostlier(small, large) && NotAbove(small.RequestsPerSecond, large.RequestsPerSecond);
    }

    [Property]
    public bool At_NodeScoped_NeverCostlierThanClusterWide(PatternAtSize case0) => NarrowerNeverCostlier(case0, PatternScope.Node);

    [Property]
    public bool At_NamespaceScoped_NeverCostlierThanClusterWide(PatternAtSize case0) => NarrowerNeverCostlier(case0, PatternScope.Namespace);

    private static bool NarrowerNeverCostlier(PatternAtSize case0, PatternScope narrower)
    {
        var narrow = Total(case0.Pattern with { Scope = narrower }, case0.Nodes);
        var cluster = Total(case0.Pattern with { Scope = PatternScope.Cluster }, case0.Nodes);

        return NoCostlier(narrow, cluster) && NotAbove(narrow.PeakMemoryBytes, cluster.PeakMemoryBytes);
    }

    private static bool NoCostlier(CostTotal a, CostTotal b) =>
        NotAbove(a.BytesPerSecond, b.BytesPerSecond)
        && NotAbove(a.StartupBytes, b.StartupBytes)
        && NotAbove(a.CpuCores, b.CpuCores)
        && NotAbove(a.WatchEventsPerSecond, b.WatchEventsPerSecond);

    [Property]
    public bool At_Protobuf_NeverCostlierThanJson(PatternAtSize case0)
    {
        var protobuf = Total(case0.Pattern with { Encoding = WireEncoding.Protobuf }, case0.Nodes);
        var json = Total(case0.Pattern with { Encoding = WireEncoding.Json }, case0.Nodes);

        return NotAbove(protobuf.BytesPerSecond, json.BytesPerSecond)
            && NotAbove(protobuf.StartupBytes, json.StartupBytes)
            && NotAbove(protobuf.CpuCores, json.CpuCores);
    }

    [Property]
    public bool At_AnyPattern_SeatsWithinTheLevelCapAndCostsFinite(PatternAtSize case0)
    {
        var cost = CostModel.At(PatternArbitraries.Fleet(case0.Pattern), ClusterProfiles.ForNodes(case0.Nodes));
        var p = cost.Patterns[0];
        var t = cost.Total;

        return p.Seats is >= 1 and <= 10
            && new[] { t.BytesPerSecond, t.CpuCores, t.PeakMemoryBytes, t.SeatUtilization, t.StartupBytes, t.RequestsPerSecond }
                .All(v => double.IsFinite(v) && v >= 0)
            && t.PeakMemoryBytes >= t.SteadyPeakMemoryBytes;
    }

    [Property]
    public bool Startup_MoreAgents_MoreBytesAndNoFewerRejections(PatternAtSize case0, PositiveInt extra)
    {
        var workload = PatternArbitraries.Fleet(case0.Pattern);
        var profile = ClusterProfiles.ForNodes(case0.Nodes);
        var few = CostModel.Startup(workload, profile, case0.Nodes);
        var many = CostModel.Startup(workload, profile, case0.Nodes + extra.Get);

        return NotAbove(few.Bytes, many.Bytes) && NotAbove(few.RejectedRequests, many.RejectedRequests) && few.Agents == case0.Nodes;
    }

    [Property]
    public bool EstimateList_MoreObjectsInCache_NeverFewerSeats(NonNegativeInt count, PositiveInt extra)
    {
        var request = new ApfRequest { Verb = "list", Resource = "pods" };
        var few = WorkEstimator.Estimate(request, new ApfServerState { ObjectCount = count.Get });
        var many = WorkEstimator.Estimate(request, new ApfServerState { ObjectCount = (long)count.Get + extra.Get });

        return few.InitialSeats <= many.InitialSeats && many.InitialSeats is >= 1 and <= 10;
    }

    [Property]
    public bool Evaluate_LargerBudgetShare_NeverExceedsWhereSmallerDoesNot(PatternAtSize case0)
    {
        var total = Total(case0.Pattern, case0.Nodes);
        var capacity = ClusterProfiles.ForNodes(case0.Nodes).ApiServer;
        var tight = CostBudget.Default.Evaluate(total, capacity);
        var loose = (CostBudget.Default with { CapacityShare = 0.2 }).Evaluate(total, capacity);

        return loose.Ratio <= tight.Ratio && (!loose.Exceeded || tight.Exceeded);
    }
}
