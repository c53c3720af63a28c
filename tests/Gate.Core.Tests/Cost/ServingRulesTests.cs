using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

/// <summary>
/// Where kube-apiserver v1.29–v1.35 serves each kind of LIST, row by row from the storage layer of each release tag of
/// k8s.io/apiserver (v0.29.0–v0.35.0): cacher.go shouldDelegateList (v1.29–v1.32, with hasLimit only up to v1.30),
/// delegator/interface.go ShouldDelegateList and cacher.go ShouldDelegateExactRV/ShouldDelegateContinue (v1.33+).
/// </summary>
public sealed class ServingRulesTests
{
    private const string Unset = "";

    /// <summary>version, resourceVersion ("" = unset), limit, continue, resourceVersionMatch, first page from etcd, continue pages from etcd.</summary>
    public static TheoryData<string, string, long, string, string, bool, bool> Lists()
    {
        var rows = new TheoryData<string, string, long, string, string, bool, bool>();
        foreach (var v in new[] { "v1.29", "v1.30" })
        {
            rows.Add(v, "0", 500, Unset, Unset, false, true);         // rv=0: cache, limit ignored
            rows.Add(v, Unset, 0, Unset, Unset, true, true);          // consistent read, ConsistentListFromCache alpha off
            rows.Add(v, Unset, 500, Unset, Unset, true, true);        // paginated consistent read
            rows.Add(v, "123", 0, Unset, Unset, false, true);         // not older than 123, no limit: cache
            rows.Add(v, "123", 500, Unset, Unset, true, true);        // hasLimit
            rows.Add(v, Unset, 500, "token", Unset, true, true);      // continue
            rows.Add(v, "123", 0, Unset, "Exact", true, true);
            rows.Add(v, "123", 0, Unset, "NotOlderThan", false, true);
        }

        foreach (var v in new[] { "v1.31", "v1.32", "v1.33" })
        {
            rows.Add(v, "0", 500, Unset, Unset, false, true);
            rows.Add(v, Unset, 0, Unset, Unset, false, true);         // consistent read from the cache
            rows.Add(v, Unset, 500, Unset, Unset, false, true);       // page 1 from the cache (no hasLimit), continue from etcd
            rows.Add(v, "123", 0, Unset, Unset, false, true);
            rows.Add(v, "123", 500, Unset, Unset, true, true);        // legacy exact-RV pagination
            rows.Add(v, Unset, 500, "token", Unset, true, true);
            rows.Add(v, "123", 0, Unset, "Exact", true, true);
            rows.Add(v, "123", 0, Unset, "NotOlderThan", false, true);
        }

        foreach (var v in new[] { "v1.34", "v1.35" })
        {
            rows.Add(v, "0", 500, Unset, Unset, false, false);
            rows.Add(v, Unset, 0, Unset, Unset, false, false);
            rows.Add(v, Unset, 500, Unset, Unset, false, false);      // continue pages from a cache snapshot
            rows.Add(v, "123", 0, Unset, Unset, false, false);
            rows.Add(v, "123", 500, Unset, Unset, false, false);      // exact RV from a snapshot
            rows.Add(v, Unset, 500, "token", Unset, false, false);
            rows.Add(v, "123", 0, Unset, "Exact", false, false);
            rows.Add(v, "123", 0, Unset, "NotOlderThan", false, false);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void List_VersionAndOptions_ServedWhereUpstreamDelegates(string version, string rv, long limit, string cont, string match, bool etcd, bool continueFromEtcd)
    {
        var request = new ApfRequest
        {
            Verb = "list",
            Resource = "pods",
            ResourceVersion = rv.Length == 0 ? null : rv,
            Limit = limit,
            Continue = cont.Length == 0 ? null : cont,
            ResourceVersionMatch = match.Length == 0 ? null : match,
        };

        var serving = ServingRules.List(request, ApiServerFeatures.ForVersion(version));

        Assert.Equal((etcd, continueFromEtcd || etcd), (serving.FromEtcd, serving.ContinueFromEtcd || serving.FromEtcd));
        Assert.Contains($"v1.{ApiServerFeatures.MinorOf(version)}", serving.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.31")]
    [InlineData("v1.33")]
    [InlineData("v1.35")]
    public void List_EtcdWithoutWatchProgress_ConsistentReadFromEtcd(string version)
    {
        var request = new ApfRequest { Verb = "list", Resource = "pods", Limit = 500 };

        var serving = ServingRules.List(request, ApiServerFeatures.ForVersion(version, etcdVersion: "3.5.12"));

        Assert.True(serving.FromEtcd);
        Assert.Contains("RequestWatchProgress", serving.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.29", false, false, false)]
    [InlineData("v1.30", false, false, false)]
    [InlineData("v1.31", true, false, false)]
    [InlineData("v1.32", true, true, false)]
    [InlineData("v1.33", true, false, false)]
    [InlineData("v1.34", true, true, true)]
    [InlineData("v1.35.1", true, true, true)]
    [InlineData("v1.31.4-eks-1", true, false, false)]
    public void ForVersion_ReleaseTag_UpstreamFeatureDefaults(string version, bool clfc, bool watchList, bool snapshot)
    {
        var features = ApiServerFeatures.ForVersion(version);

        Assert.Equal((clfc, watchList, snapshot), (features.ConsistentListFromCache, features.WatchList, features.ListFromCacheSnapshot));
    }

    [Theory]
    [InlineData("3.4.30", false)]
    [InlineData("3.4.31", true)]
    [InlineData("3.5.0", false)]
    [InlineData("3.5.12", false)]
    [InlineData("3.5.13", true)]
    [InlineData("3.6.0", true)]
    [InlineData("not-a-version", false)]
    public void SupportsWatchProgress_EtcdVersion_AsFeatureSupportChecker(string etcd, bool expected) =>
        Assert.Equal(expected, ApiServerFeatures.SupportsWatchProgress(etcd));

    [Theory]
    [InlineData("v1.29")]
    [InlineData("v1.35")]
    public void Get_WithoutResourceVersion_IsAnEtcdReadInEveryVersion(string version)
    {
        var serving = ServingRules.For(new ApfRequest { Verb = "get", Resource = "pods", Name = "p" }, ApiServerFeatures.ForVersion(version));

        Assert.True(serving.FromEtcd);
    }

    /// <summary>
    /// The example: a node-scoped pod LIST with limit, resourceVersion unset, every 60 s from every node.
    /// Where etcd serves it (v1.29–v1.30 by hasLimit; any version whose etcd lacks RequestWatchProgress), each request
    /// reads every pod of the cluster to fill one page: O(N²), flagged at 5,000 nodes. Where the cache serves it through
    /// the spec.nodeName index (v1.31+ with a recent etcd), it reads the node's 30 pods and is safe.
    /// </summary>
    [Theory]
    [InlineData("v1.29", null, true)]
    [InlineData("v1.30", null, true)]
    [InlineData("v1.31", null, false)]
    [InlineData("v1.32", null, false)]
    [InlineData("v1.33", null, false)]
    [InlineData("v1.34", null, false)]
    [InlineData("v1.35", null, false)]
    [InlineData("v1.31", "3.5.12", true)]
    [InlineData("v1.32", "3.5.12", true)]
    [InlineData("v1.33", "3.5.12", true)]
    [InlineData("v1.34", "3.4.30", true)]
    public void Estimate_PaginatedNodeScopedPodPoller_FlaggedAt5000NodesWhereEtcdServesIt(string version, string? etcd, bool flagged)
    {
        var poller = Testbed.Pods(ApiVerb.List, PatternScope.Node, period: 60) with { Limit = 500 };
        var profile = ClusterProfiles.ForNodes(5_000).AtVersion(version) with { EtcdVersion = etcd };

        var estimate = CostModel.Estimate(PatternArbitraries.Fleet(poller), profile);

        Assert.Equal(flagged, estimate.Budget!.Exceeded);
        Assert.Equal(flagged ? "etcd" : "watch-cache", estimate.Patterns[0].ServedFrom);
        Assert.Equal(flagged ? 150_000 : 30, estimate.Patterns[0].ObjectsProcessed);
        Assert.Equal(flagged ? "O(N^2)" : "O(N)", estimate.Scaling);
    }
}
