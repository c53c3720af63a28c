using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Cost;

public sealed class ProxiedRequestsTests
{
    private static PatternCost Single(AccessPattern pattern, ClusterProfile profile) =>
        CostModel.At(PatternArbitraries.Fleet(pattern), profile).Patterns[0];

    private static AccessPattern PodList(string group) =>
        Testbed.Pods(ApiVerb.List, PatternScope.Cluster) with { Group = group, PeriodSeconds = 60 };

    [Fact]
    public void At_MetricsApiPodList_ProxiedWithMinimumSeatsAndNoStorageRead()
    {
        var metrics = Single(PodList("metrics.k8s.io"), ClusterProfiles.Large);
        var core = Single(PodList(string.Empty), ClusterProfiles.Large);

        Assert.Equal("extension-apiserver", metrics.ServedFrom);
        Assert.Contains("minimum seats", metrics.ServedFromReason, StringComparison.Ordinal);
        Assert.Equal(1, metrics.Seats);
        Assert.Equal(0, metrics.ObjectsProcessed);
        Assert.Equal(0, metrics.TransientMemoryBytes);
        Assert.Equal(core.ObjectsPerResponse, metrics.ObjectsPerResponse);
        Assert.True(metrics.BytesPerSecond < core.BytesPerSecond / 5, $"{metrics.BytesPerSecond} vs {core.BytesPerSecond}");
        Assert.True(metrics.CpuCores < core.CpuCores / 10, $"{metrics.CpuCores} vs {core.CpuCores}");
        Assert.Equal(core.RequestsPerSecond, metrics.RequestsPerSecond);
    }

    [Theory]
    [InlineData("custom.metrics.k8s.io")]
    [InlineData("external.metrics.k8s.io")]
    public void At_OtherWellKnownMetricsGroup_OneObjectPerResponse(string group)
    {
        var cost = Single(PodList(group), ClusterProfiles.Medium);

        Assert.Equal(("extension-apiserver", 1.0), (cost.ServedFrom, cost.ObjectsPerResponse));
    }

    [Fact]
    public void At_GroupNamedByAnApiServiceOfTheInputs_ProxiedToThatServer()
    {
        var pattern = PodList("example.com") with { Resource = "widgets", ProxiedTo = "the extension API server ns/widgets (APIService v1.example.com)" };

        var cost = Single(pattern, ClusterProfiles.Medium);

        Assert.Equal("extension-apiserver", cost.ServedFrom);
        Assert.Contains("ns/widgets", cost.ServedFromReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_ApiServiceWithService_PatternsOnItsGroupMarkedAndNoted()
    {
        const string apiService = "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1beta1.example.com}\nspec:\n  group: example.com\n  version: v1beta1\n  service: {name: widgets, namespace: ext}\n";
        Scenario Declared() => new("example.com/poller:1") { AccessPatternsAnnotation = "- verb: list\n  group: example.com\n  resource: widgets\n  scope: cluster\n  periodSeconds: 60" };

        var with = Assert.Single(Declared().Document(apiService).Discover().Workloads);
        var without = Assert.Single(Declared().Discover().Workloads);

        Assert.Equal("the extension API server ext/widgets (APIService v1beta1.example.com)", Assert.Single(with.AccessPatterns).ProxiedTo);
        Assert.Contains(with.Notes, n => n.Contains("requests to example.com are served by the extension API server ext/widgets", StringComparison.Ordinal));
        Assert.Null(Assert.Single(without.AccessPatterns).ProxiedTo);
    }

    [Fact]
    public void Discover_LocalApiService_NotProxied()
    {
        var set = new ManifestSet(ManifestLoader.Load(ManifestSource.FromText("a.yaml", "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.apps}\nspec: {group: apps, version: v1}\n"), new List<Diagnostic>()));

        Assert.Empty(ApiServices.ServedGroups(set));
    }
}
