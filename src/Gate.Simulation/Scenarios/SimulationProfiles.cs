using Gate.Core.Cost;

namespace Gate.Simulation.Scenarios;

/// <summary>Cluster profiles the simulator runs on: the calibration testbed and clusters derived from a node count.</summary>
public static class SimulationProfiles
{
    private const double GiB = 1024.0 * 1024 * 1024;

    /// <summary>The largest cluster the 3-replica managed tier is used for; larger ones take the built-in profile's control plane.</summary>
    public const int LargestTierNodes = 15_000;

    /// <summary>Memory left to kube-apiserver on the 24 GiB testbed machine.</summary>
    public const double TestbedApiServerMemoryBytes = 22e9;

    /// <summary>
    /// The calibration testbed (<c>docs/calibration</c>): one 2-core / 24 GiB kube-apiserver v1.32, 1,000 Node
    /// objects and 30,000 pods (8.4 KB each), default flags unless <paramref name="maxRequestsInflight"/> /
    /// <paramref name="maxMutatingRequestsInflight"/> are given. The machine's 24 GiB are shared with etcd,
    /// kube-controller-manager, kube-scheduler and the OS, which leaves kube-apiserver about 22 GB (its RSS was
    /// 19–22 GB when it was killed).
    /// </summary>
    public static ClusterProfile Testbed(int maxRequestsInflight = 400, int maxMutatingRequestsInflight = 200, double podUpdatesPerSecond = 0) => new()
    {
        Name = "testbed-v1.32",
        Nodes = 1000,
        Resources = new Dictionary<string, ResourceStats>(StringComparer.Ordinal)
        {
            ["pods"] = new() { Count = 30_000, MeanJsonBytes = 8_400, PerNode = 30, ChangesPerObjectPerSecond = podUpdatesPerSecond / 30_000 },
            ["nodes"] = new() { Count = 1_000, MeanJsonBytes = 6_900 },
        },
        ApiServer = new ApiServerCapacity
        {
            Replicas = 1,
            Cores = 2,
            MemoryBytesPerReplica = TestbedApiServerMemoryBytes,
            MaxRequestsInflight = maxRequestsInflight,
            MaxMutatingRequestsInflight = maxMutatingRequestsInflight,
        },
        Source = "calibration",
    };

    /// <summary>
    /// A cluster of <paramref name="nodes"/> nodes: 30 pods per node, one Service per node (at least 100), 1.2
    /// EndpointSlices per Service; a pod changes every 10 minutes. The control plane is sized like a managed
    /// large-cluster tier: 3 replicas, from 4 cores / 16 GiB (≤ 100 nodes) to 16 cores / 64 GiB (2,000 to 15,000
    /// nodes). Past 15,000 nodes a 3 × 64 GiB control plane cannot even hold the cluster's objects (an idle replica
    /// of 100,000 nodes needs about 73 GB: <see cref="CostCalibration.IdleMemoryBytes"/>), so larger clusters get the
    /// built-in profile's control plane (<see cref="ClusterProfiles.ForNodes"/>, docs/cluster-profiles.md).
    /// </summary>
    public static ClusterProfile ForNodes(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var services = Math.Max(100, nodes);
        var (cores, memory) = nodes switch
        {
            <= 100 => (4, 16),
            <= 500 => (8, 32),
            < 2000 => (8, 48),
            _ => (16, 64),
        };
        return new ClusterProfile
        {
            Name = nodes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " nodes",
            Nodes = nodes,
            Resources = new Dictionary<string, ResourceStats>(StringComparer.Ordinal)
            {
                ["pods"] = new() { Count = 30.0 * nodes, MeanJsonBytes = 8_400, PerNode = 30, ChangesPerObjectPerSecond = 1.0 / 600 },
                ["nodes"] = new() { Count = nodes, MeanJsonBytes = 6_900, ChangesPerObjectPerSecond = 1.0 / 300 },
                ["services"] = new() { Count = services, MeanJsonBytes = 1_500, ChangesPerObjectPerSecond = 1.0 / 3600 },
                ["endpointslices"] = new() { Count = 1.2 * services, MeanJsonBytes = 2_000, ChangesPerObjectPerSecond = 1.0 / 600 },
                ["leases"] = new() { Count = nodes, MeanJsonBytes = 400, ChangesPerObjectPerSecond = 0.1 },
            },
            ApiServer = nodes > LargestTierNodes
                ? ClusterProfiles.ForNodes(nodes).ApiServer
                : new ApiServerCapacity
                {
                    Replicas = 3,
                    Cores = 3 * cores,
                    MemoryBytesPerReplica = memory * GiB,
                },
            Source = "--nodes",
        };
    }
}
