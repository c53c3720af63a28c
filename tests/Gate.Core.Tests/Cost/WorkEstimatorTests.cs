using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

/// <summary>
/// Seats against values hand-computed from the upstream v1.32 sources
/// (k8s.io/apiserver/pkg/util/flowcontrol/request: width.go, list_work_estimator.go, mutating_work_estimator.go,
/// config.go, seat_seconds.go). Each row says how the expected value follows from the code.
/// </summary>
public sealed class WorkEstimatorTests
{
    private static ApfRequest List(long limit = 0, string? rv = null, string? field = null, string? label = null) =>
        new() { Verb = "list", Resource = "pods", Limit = limit, ResourceVersion = rv, FieldSelector = field, LabelSelector = label };

    private static ApfServerState Count(long count, bool clfc = true, int levelMaxSeats = 10) =>
        new() { ObjectCount = count, ConsistentListFromCache = clfc, PriorityLevelMaxSeats = levelMaxSeats };

    public static TheoryData<string, ApfRequest, ApfServerState, int> ListRows() => new()
    {
        // fromCache: objects = numStored; seats = clamp(ceil(objects / 100), 1, maxSeats)
        { "cache 30000 -> ceil 300 capped at 10", List(), Count(30_000), 10 },
        { "cache 150 -> ceil(1.5) = 2", List(), Count(150), 2 },
        { "cache 0 -> 0 raised to the minimum 1", List(), Count(0), 1 },
        { "cache 100 -> 1", List(), Count(100), 1 },
        { "cache 101 -> 2", List(), Count(101), 2 },
        { "cache ignores the node index: spec.nodeName with 30000 pods -> 10", List(field: "spec.nodeName=n1"), Count(30_000), 10 },
        { "rv=0 with ConsistentListFromCache off is still a cache read: 450 -> 5", List(rv: "0"), Count(450, clfc: false), 5 },
        { "rv=123 without limit from cache: 1000 -> 10", List(rv: "123"), Count(1_000), 10 },
        // storage, no selector: objects = 2 × limit (limit = numStored when unset or larger)
        { "etcd (CLFC off, rv unset) limit 500 of 30000 -> 1000 -> 10", List(limit: 500), Count(30_000, clfc: false), 10 },
        { "etcd limit 100 of 30000 -> 200 -> 2", List(limit: 100), Count(30_000, clfc: false), 2 },
        { "etcd limit 1000 >= 300 stored -> limit 300 -> 600 -> 6", List(limit: 1_000), Count(300, clfc: false), 6 },
        { "legacy exact rv with limit 50 -> etcd -> 100 -> 1", List(limit: 50, rv: "123"), Count(1_000), 1 },
        // storage with a selector: objects = numStored + limit
        { "etcd label selector limit 100 of 250 -> 350 -> 4", List(limit: 100, label: "app=x"), Count(250, clfc: false), 4 },
        { "etcd field selector no limit 420 -> 840 -> 9", List(field: "status.phase=Running"), Count(420, clfc: false), 9 },
        // single-object lists and special cases
        // resourceVersionMatch and continue tokens (shouldListFromStorage)
        { "continue token -> etcd, limit 50 -> 100 -> 1", List(limit: 50) with { Continue = "token" }, Count(420), 1 },
        { "rvMatch=Exact -> etcd, 420 -> 840 -> 9", List(rv: "123") with { ResourceVersionMatch = "Exact" }, Count(420), 9 },
        { "rvMatch=NotOlderThan -> cache, 420 -> 5", List(rv: "123") with { ResourceVersionMatch = "NotOlderThan" }, Count(420), 5 },
        { "rv unset with limit, CLFC on -> cache, limit ignored: 420 -> 5", List(limit: 50), Count(420), 5 },
        { "exact metadata.name selector -> 1", List(field: "metadata.name=foo"), Count(30_000), 1 },
        { "metadata.name!= does not name an object -> 10", List(field: "metadata.name!=foo"), Count(30_000), 10 },
        { "priority level cap 4 (leader-election) -> 4", List(), Count(30_000, levelMaxSeats: 4), 4 },
        { "priority level cap 0 -> global 10", List(), Count(30_000, levelMaxSeats: 0), 10 },
        { "priority level cap above 10 -> 10", List(), Count(30_000, levelMaxSeats: 12), 10 },
    };

    [Theory]
    [MemberData(nameof(ListRows))]
    public void EstimateList_UpstreamCase_MatchesHandComputedSeats(string why, ApfRequest request, ApfServerState server, int seats)
    {
        var estimate = WorkEstimator.Estimate(request, server);

        Assert.True(seats == estimate.InitialSeats, why);
        Assert.Equal(0, estimate.FinalSeats);
        Assert.Equal(TimeSpan.Zero, estimate.AdditionalLatency);
    }

    [Theory]
    [InlineData(ObjectCountState.Stale, 10, 10)]
    [InlineData(ObjectCountState.Stale, 4, 4)]
    [InlineData(ObjectCountState.NotFound, 10, 1)]
    public void EstimateList_CountNotTracked_MaximumWhenStaleMinimumWhenUnknown(ObjectCountState state, int cap, int seats)
    {
        var estimate = WorkEstimator.Estimate(List(), Count(30_000, levelMaxSeats: cap) with { CountState = state });

        Assert.Equal(seats, estimate.InitialSeats);
    }

    [Fact]
    public void EstimateList_InvalidListOptions_ChargesTheMaximum()
    {
        var estimate = WorkEstimator.Estimate(List() with { InvalidListOptions = true }, Count(5, levelMaxSeats: 8));

        Assert.Equal(8, estimate.InitialSeats);
    }

    [Theory]
    [InlineData(true, null, 1)]
    [InlineData(true, false, 1)]
    [InlineData(true, true, 6)]
    [InlineData(false, true, 1)]
    public void Estimate_Watch_ListEstimatorOnlyWithWatchListAndSendInitialEvents(bool watchList, bool? sendInitialEvents, int seats)
    {
        // 550 stored: a watch is always "from cache" -> ceil(5.5) = 6 when priced as a list.
        var request = new ApfRequest { Verb = "watch", Resource = "pods", SendInitialEvents = sendInitialEvents };

        var estimate = WorkEstimator.Estimate(request, Count(550) with { WatchList = watchList });

        Assert.Equal(seats, estimate.InitialSeats);
    }

    [Theory]
    [InlineData("create", 0, 10, 1, 0, 0.0)]
    [InlineData("update", 9, 10, 1, 0, 0.0)]
    [InlineData("patch", 10, 10, 1, 1, 5.0)]
    [InlineData("delete", 11, 10, 1, 2, 5.0)]
    [InlineData("create", 25, 10, 1, 3, 5.0)]
    [InlineData("update", 5000, 10, 1, 10, 250.0)]
    [InlineData("update", 5000, 4, 1, 4, 625.0)]
    [InlineData("update", 123, 10, 1, 10, 6.5)]
    public void EstimateMutating_WatchCount_FinalSeatsAndLatencyAsUpstream(
        string verb, int watches, int cap, int initial, int final, double latencyMs)
    {
        // raw = ceil(w / 10); final = min(raw, cap); latency = raw × 5 ms / final (same seat-seconds, reshaped).
        var request = new ApfRequest { Verb = verb, Resource = "endpointslices", Group = "discovery.k8s.io" };

        var estimate = WorkEstimator.Estimate(request, new ApfServerState { InterestedWatches = watches, PriorityLevelMaxSeats = cap });

        Assert.Equal(initial, estimate.InitialSeats);
        Assert.Equal(final, estimate.FinalSeats);
        Assert.Equal(latencyMs, estimate.AdditionalLatency.TotalMilliseconds, 6);
    }

    [Fact]
    public void EstimateMutating_ServiceAccountToken_IsExemptFromWatchEvents()
    {
        var request = new ApfRequest { Verb = "create", Resource = "serviceaccounts", Subresource = "token" };

        var estimate = WorkEstimator.Estimate(request, new ApfServerState { InterestedWatches = 5000 });

        Assert.Equal(WorkEstimate.Width(1), estimate);
    }

    [Fact]
    public void EstimateMutating_EstimatorDisabled_OneSeat()
    {
        var config = WorkEstimatorConfig.Default with { MutatingEstimatorEnabled = false };

        var estimate = WorkEstimator.Estimate(new ApfRequest { Verb = "update", Resource = "nodes" }, new ApfServerState { InterestedWatches = 5000 }, config);

        Assert.Equal(WorkEstimate.Width(1), estimate);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("proxy")]
    public void Estimate_OtherVerbs_MinimumSeats(string verb)
    {
        var estimate = WorkEstimator.Estimate(new ApfRequest { Verb = verb, Resource = "pods" }, Count(30_000));

        Assert.Equal(WorkEstimate.Width(1), estimate);
    }

    [Fact]
    public void SeatSeconds_FinalPhase_AddsFinalSeatsTimesLatency()
    {
        var estimate = new WorkEstimate(1, 10, TimeSpan.FromMilliseconds(250));

        Assert.Equal((1 * 0.003) + (10 * 0.25), estimate.SeatSeconds(0.003), 9);
        Assert.Equal(10, estimate.MaxSeats);
    }
}
