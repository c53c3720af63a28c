using Gate.Core;
using Gate.Core.Cost;
using Gate.Kubernetes;
using Gate.Testing;
using Gate.Testing.FakeKube;
using k8s.Models;

namespace Gate.Kubernetes.Tests;

/// <summary><see cref="KubernetesClusterReader"/> against the loopback fake API server.</summary>
public sealed class ClusterReaderTests(ClusterReaderTests.Servers servers) : IClassFixture<ClusterReaderTests.Servers>
{
    private static readonly RetrySettings FastRetry = new() { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(50), AttemptTimeout = TimeSpan.FromSeconds(5) };

    private FakeKubeServer Open => servers.Open!;

    /// <summary>Three fake API servers populated once: RBAC off, the estimate ClusterRole, and the rollout RBAC only.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("gate-reader-").FullName;

        public FakeKubeServer? Open { get; private set; }

        public FakeKubeServer? Restricted { get; private set; }

        public FakeKubeServer? RolloutOnly { get; private set; }

        public async Task InitializeAsync()
        {
            Open = await FakeKubeServer.StartAsync();
            Populate(Open.Cluster);
            Restricted = await FakeKubeServer.StartAsync(rbac: FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-estimate-rbac.yaml")));
            Populate(Restricted.Cluster);
            RolloutOnly = await FakeKubeServer.StartAsync(rbac: FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-rbac.yaml")));
            RolloutOnly.Cluster.AddNodes(3);
        }

        public async Task DisposeAsync()
        {
            foreach (var server in new[] { Open, Restricted, RolloutOnly })
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
            }

            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    [Fact]
    public async Task ReadCounts_ThousandsOfObjects_CountsEveryResourceExactly()
    {
        var counts = await Reader(Open).ReadCountsAsync();

        Assert.Equal(1_200, counts.Nodes);
        Assert.Equal(6_000, counts.ObjectCounts["pods"]);
        Assert.Equal(40, counts.ObjectCounts["namespaces"]);
        Assert.Equal(1_500, counts.ObjectCounts["services"]);
        Assert.Equal(1_501, counts.ObjectCounts["endpointslices"]); // + the kubernetes Service's slice
        Assert.Equal(1, counts.ObjectCounts["configmaps"]);
        Assert.False(counts.ObjectCounts.ContainsKey("secrets"));
        Assert.Equal(3, counts.ApiServerReplicas);
        Assert.Equal("v1.32.2", counts.KubernetesVersion);
        Assert.Empty(counts.Notes);
    }

    [Fact]
    public async Task ReadCounts_RequestLog_OnlyLimitOneListsAndNoSecretData()
    {
        Open.ClearLog();

        await Reader(Open).ReadCountsAsync();

        var lists = Open.Requests.Where(r => r.Verb == "list").ToList();
        var counted = lists.Where(r => r.LabelSelector is null).ToList();
        Assert.Equal(KubernetesClusterReader.CountedResources.Order(StringComparer.Ordinal), counted.Select(r => r.Resource).Order(StringComparer.Ordinal));
        Assert.All(counted, r => Assert.Contains("limit=1", r.Query.Split('&')));
        Assert.All(counted, r => Assert.DoesNotContain(r.Query.Split('&'), p => p.StartsWith("continue=", StringComparison.Ordinal) || p.StartsWith("resourceVersion=", StringComparison.Ordinal)));
        Assert.All(counted, r => Assert.Null(r.Namespace));
        var replicas = Assert.Single(lists, r => r.LabelSelector is not null);
        Assert.Equal(("default", "endpointslices", "kubernetes.io/service-name=kubernetes"), (replicas.Namespace, replicas.Resource, replicas.LabelSelector));
        Assert.DoesNotContain(Open.Requests, r => r.Resource == "secrets");
        Assert.All(Open.Requests, r => Assert.Contains(r.Verb, new[] { "list", "get" }));
    }

    [Fact]
    public void EstimateRbac_GrantsNothingOnSecrets()
    {
        var rbac = FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-estimate-rbac.yaml"));

        foreach (var verb in new[] { "get", "list", "watch" })
        {
            Assert.False(rbac.Allows(new ApiRequest { Time = DateTimeOffset.UnixEpoch, Method = "GET", Path = "/api/v1/secrets", Verb = verb, Resource = "secrets" }), verb);
        }
    }

    [Fact]
    public async Task ReadCounts_EstimateRbac_AllowsEveryRequest()
    {
        var counts = await Reader(servers.Restricted!).ReadCountsAsync();

        Assert.Equal(1_200, counts.Nodes);
        Assert.All(servers.Restricted!.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task ReadCounts_RolloutRbacOnly_FailsAsEnvironmentWithoutToken()
    {
        var error = await Assert.ThrowsAsync<GateEnvironmentException>(() => Reader(servers.RolloutOnly!).ReadCountsAsync());

        Assert.StartsWith("permission denied by the API server (403) to list ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("see deploy/gate-estimate-rbac.yaml", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeKubeServer.GateToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadCounts_UnknownToken_FailsWith401Line()
    {
        var error = await Assert.ThrowsAsync<GateEnvironmentException>(() => Reader(Open, token: "not-a-valid-token-77").ReadCountsAsync());

        Assert.Equal("the API server did not accept the credentials (401): check the kubeconfig user", error.Message);
    }

    [Fact]
    public async Task ReadCounts_ClosedPort_FailsAsUnreachable()
    {
        var server = await FakeKubeServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(servers.Directory, context: "gone");
        await server.DisposeAsync();
        var (client, _) = KubernetesConnection.Connect(new ConnectionOptions { Kubeconfig = kubeconfig, Retry = FastRetry }, TimeProvider.System, _ => null);

        var error = await Assert.ThrowsAsync<GateEnvironmentException>(() => new KubernetesClusterReader(client).ReadCountsAsync());

        Assert.StartsWith("cluster unreachable: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(1, 5_999L, "c1", 6_000L)]
    [InlineData(1, null, null, 1L)]
    [InlineData(0, null, "", 0L)]
    [InlineData(1, null, "c1", null)]
    [InlineData(1, 0L, "", 1L)]
    public void CountOf_ListMetadata_ReturnedPlusRemainingOrUnknown(int returned, long? remaining, string? continueToken, long? expected)
    {
        var metadata = new V1ListMeta { RemainingItemCount = remaining, ContinueProperty = continueToken };

        Assert.Equal(expected, KubernetesClusterReader.CountOf(metadata, returned));
    }

    [Fact]
    public async Task FromCounts_ReadCounts_ProfileCarriesClusterCounts()
    {
        var profile = ClusterProfiles.FromCounts(await Reader(Open).ReadCountsAsync());

        Assert.Equal(1_200, profile.Nodes);
        Assert.Equal(6_000, profile.Resources["pods"].Count);
        Assert.Equal(3, profile.ApiServer.Replicas);
        Assert.Equal("fake", profile.Source);
    }

    internal static void Populate(FakeCluster cluster)
    {
        cluster.AddNodes(1_200);
        ClusterPopulation.Add(cluster, string.Empty, "pods", 6_000);
        ClusterPopulation.Add(cluster, string.Empty, "namespaces", 40, namespaces: null);
        ClusterPopulation.Add(cluster, string.Empty, "services", 1_500);
        ClusterPopulation.Add(cluster, "discovery.k8s.io", "endpointslices", 1_500);
        ClusterPopulation.Add(cluster, string.Empty, "configmaps", 1);
        ClusterPopulation.Add(cluster, string.Empty, "secrets", 2);
        ClusterPopulation.AddApiServers(cluster, 3);
    }

    private KubernetesClusterReader Reader(FakeKubeServer server, string token = FakeKubeServer.GateToken)
    {
        var kubeconfig = server.WriteKubeconfig(servers.Directory, token, context: "fake");
        var (client, _) = KubernetesConnection.Connect(new ConnectionOptions { Kubeconfig = kubeconfig, Retry = FastRetry }, TimeProvider.System, _ => null);
        return new KubernetesClusterReader(client, "fake");
    }
}
