using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

public sealed class ClusterProfilesTests
{
    [Theory]
    [InlineData("small", 100, 12)]
    [InlineData("medium", 1_000, 24)]
    [InlineData("large", 5_000, 48)]
    [InlineData("xlarge", 15_000, 160)]
    [InlineData("30k", 30_000, 328)]
    [InlineData("65k", 65_000, 720)]
    [InlineData("100k", 100_000, 1_112)]
    public void Named_BuiltIn_HasReferenceNodesAndCores(string name, int nodes, double cores)
    {
        var profile = ClusterProfiles.Named(name.ToUpperInvariant());

        Assert.Equal(name, profile.Name);
        Assert.Equal(nodes, profile.Nodes);
        Assert.Equal(cores, profile.ApiServer.Cores, 9);
        Assert.Equal(30.0 * nodes, profile.Resources["pods"].Count);
        Assert.Equal(8_400, profile.Resources["pods"].MeanJsonBytes);
        Assert.Equal(ClusterProfiles.BuiltInSource, profile.Source);
    }

    [Theory]
    [InlineData(15_000, 5, 128, 3_000)]
    [InlineData(29_999, 5, 128, 3_000)]
    [InlineData(30_000, 5, 128, 3_400)]
    [InlineData(65_000, 5, 128, 6_800)]
    [InlineData(100_000, 5, 192, 13_600)]
    public void ForNodes_PastFifteenThousand_TakesTheSeatsOfTheProvisionedTierForThatSize(int nodes, int replicas, double memoryGiB, int seats)
    {
        var api = ClusterProfiles.ForNodes(nodes).ApiServer;

        Assert.Equal(replicas, api.Replicas);
        Assert.Equal(memoryGiB * 1024 * 1024 * 1024, api.MemoryBytesPerReplica);
        Assert.Equal(seats, api.Replicas * ApfConfiguration.ServerConcurrencyLimit(api));
        Assert.InRange(api.MaxMutatingRequestsInflight * 2.0 / api.MaxRequestsInflight, 0.99, 1.01);
        // an idle replica holds every object of the cluster in its watch cache: under half its memory
        Assert.True(CostCalibration.IdleMemoryBytes(ClusterProfiles.ForNodes(nodes)) < api.MemoryBytesPerReplica / 2);
    }

    [Fact]
    public void Named_Unknown_UsageErrorListsChoices()
    {
        var ex = Assert.Throws<GateUsageException>(() => ClusterProfiles.Named("huge"));

        Assert.Contains("'huge'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("small, medium, large, xlarge", ex.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 12)]
    [InlineData(100, 12)]
    [InlineData(550, 18)]
    [InlineData(3_000, 36)]
    [InlineData(10_000, 104)]
    [InlineData(20_000, 216)]
    [InlineData(47_500, 524)]
    [InlineData(130_000, 1_448)]
    public void ForNodes_Cores_InterpolatedBetweenReferenceControlPlanes(int nodes, double cores)
    {
        var profile = ClusterProfiles.ForNodes(nodes);

        Assert.Equal(cores, profile.ApiServer.Cores, 9);
        Assert.Equal(nodes, profile.Nodes);
        Assert.Equal(ClusterProfiles.NodesSource, profile.Source);
    }

    [Fact]
    public void ForNodes_DerivedCounts_FollowTheCorpusResourceTable()
    {
        var profile = ClusterProfiles.ForNodes(2_400);

        Assert.Equal(72_000, profile.Resources["pods"].Count);
        Assert.Equal(30, profile.Resources["pods"].PerNode);
        Assert.Equal(240, profile.Resources["namespaces"].Count);
        Assert.Equal(241, profile.Resources["statefulsets"].Count);
        Assert.Equal(20, profile.Resources["daemonsets"].Count);
        Assert.Equal(120, profile.Resources["events"].CreatesPerSecond!.Value, 9);
        Assert.Equal(1.0 / 600, profile.Resources["pods"].ChangesPerObjectPerSecond);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void ForNodes_NotPositive_UsageError(int nodes)
    {
        Assert.Throws<GateUsageException>(() => ClusterProfiles.ForNodes(nodes));
    }

    [Fact]
    public void FromCounts_ReadCounts_OverrideReferenceAndKeepTheRest()
    {
        var counts = new ClusterCounts
        {
            Nodes = 800,
            ObjectCounts = new Dictionary<string, double> { ["pods"] = 12_000, ["widgets.example.com"] = 40 },
            ApiServerReplicas = 2,
            ApiServerCores = 16,
            KubernetesVersion = "v1.30.5",
        };

        var profile = ClusterProfiles.FromCounts(counts);

        Assert.Equal(800, profile.Nodes);
        Assert.Equal(12_000, profile.Resources["pods"].Count);
        Assert.Equal(8_400, profile.Resources["pods"].MeanJsonBytes);
        Assert.Equal(40, profile.Resources["widgets.example.com"].Count);
        Assert.Equal(1_600, profile.Resources["replicasets"].Count);
        Assert.Equal(2, profile.ApiServer.Replicas);
        Assert.Equal(16, profile.ApiServer.Cores);
        Assert.False(profile.ConsistentListFromCache);
        Assert.Equal("cluster", profile.Source);
    }

    [Fact]
    public void FromCounts_NegativeCount_UsageError()
    {
        var counts = new ClusterCounts { Nodes = 10, ObjectCounts = new Dictionary<string, double> { ["pods"] = -1 } };

        Assert.Throws<GateUsageException>(() => ClusterProfiles.FromCounts(counts));
    }

    [Fact]
    public void ScaleTo_BuiltIn_IsTheReferenceClusterAtThatSize()
    {
        var scaled = ClusterProfiles.ScaleTo(ClusterProfiles.Small, 5_000);

        Assert.Equal(ClusterProfiles.Large.Resources["pods"].Count, scaled.Resources["pods"].Count);
        Assert.Equal(ClusterProfiles.Large.ApiServer, scaled.ApiServer);
    }

    [Fact]
    public void ScaleTo_CustomProfile_KeepsRatiosToTheReference()
    {
        var custom = ClusterProfiles.FromCounts(new ClusterCounts
        {
            Nodes = 1_000,
            ObjectCounts = new Dictionary<string, double> { ["pods"] = 60_000 },
            ApiServerCores = 12,
            Source = "prod",
        });

        var scaled = ClusterProfiles.ScaleTo(custom, 5_000);

        Assert.Equal(300_000, scaled.Resources["pods"].Count, 6);
        Assert.Equal(24, scaled.ApiServer.Cores, 9);
        Assert.Equal(custom.ApiServer.Replicas, scaled.ApiServer.Replicas);
    }

    [Fact]
    public void StatsOf_ResourceMissingFromProfile_FallsBackToReferenceRow()
    {
        var stats = ClusterProfiles.Testbed.StatsOf("replicasets");

        Assert.Equal(2_000, stats.Count);
        Assert.False(ClusterProfiles.Testbed.Resources.ContainsKey("replicasets"));
    }

    [Fact]
    public void Testbed_IsTheCalibrationMachine()
    {
        var api = ClusterProfiles.Testbed.ApiServer;

        Assert.Equal(1, api.Replicas);
        Assert.Equal(2, api.Cores);
        Assert.Equal(24.0 * 1024 * 1024 * 1024, api.MemoryBytesPerReplica);
        Assert.Equal(600, ApfConfiguration.ServerConcurrencyLimit(api));
    }
}
