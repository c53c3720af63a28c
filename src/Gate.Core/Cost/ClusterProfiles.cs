namespace Gate.Core.Cost;

/// <summary>
/// Cluster profiles: the built-in reference sizes (<c>small</c> 100, <c>medium</c> 1,000, <c>large</c> 5,000,
/// <c>xlarge</c> 15,000 nodes), the largest managed sizes (<c>30k</c>, <c>65k</c>, <c>100k</c>), any node count (<c>--nodes N</c>), a profile file (<c>--profile FILE</c>) and counts
/// read from a live cluster (<c>--from-cluster</c>). See docs/cluster-profiles.md.
/// </summary>
public static class ClusterProfiles
{
    /// <summary>Source of the built-in profiles.</summary>
    public const string BuiltInSource = "built-in";

    /// <summary>Source of a profile derived from a node count.</summary>
    public const string NodesSource = "--nodes";

    public static ClusterProfile Small { get; } = Reference("small", 100);

    public static ClusterProfile Medium { get; } = Reference("medium", 1_000);

    public static ClusterProfile Large { get; } = Reference("large", 5_000);

    public static ClusterProfile XLarge { get; } = Reference("xlarge", 15_000);

    /// <summary>30,000 nodes: the control plane of an EKS Provisioned Control Plane 2XL tier (3,400 seats).</summary>
    public static ClusterProfile Nodes30K { get; } = Reference("30k", 30_000);

    /// <summary>65,000 nodes (GKE's largest from 1.31): an EKS 4XL tier's seats (6,800).</summary>
    public static ClusterProfile Nodes65K { get; } = Reference("65k", 65_000);

    /// <summary>100,000 nodes (EKS ultra scale): twice the 4XL tier's seats (assumed for 8XL).</summary>
    public static ClusterProfile Nodes100K { get; } = Reference("100k", 100_000);

    /// <summary>
    /// The calibration testbed (docs/calibration): 1,000 nodes and 30,000 pods (no other objects stored; other
    /// resources fall back to the reference table), one 2-core / 24 GiB API server with default inflight limits.
    /// </summary>
    public static ClusterProfile Testbed { get; } = Reference("testbed", 1_000) with
    {
        Resources = new Dictionary<string, ResourceStats>(StringComparer.Ordinal)
        {
            ["pods"] = ReferenceCluster.Stats("pods", 1_000),
            ["nodes"] = ReferenceCluster.Stats("nodes", 1_000),
        },
        ApiServer = new ApiServerCapacity { Replicas = 1, Cores = 2, MemoryBytesPerReplica = 24 * ReferenceCluster.Gib },
    };

    /// <summary>The four reference profiles, smallest first.</summary>
    public static IReadOnlyList<ClusterProfile> BuiltIn { get; } = [Small, Medium, Large, XLarge];

    /// <summary>The profiles of the largest clusters managed Kubernetes offers, smallest first.</summary>
    public static IReadOnlyList<ClusterProfile> Largest { get; } = [Nodes30K, Nodes65K, Nodes100K];

    /// <summary>Names accepted by <see cref="Named"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["small", "medium", "large", "xlarge", "30k", "65k", "100k", "testbed"];

    /// <summary>A built-in profile by name (case-insensitive), or a usage error naming the choices.</summary>
    public static ClusterProfile Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetNamed(name, out var profile)
            ? profile
            : throw new GateUsageException(
                $"unknown cluster profile '{name}'",
                null,
                $"use one of {string.Join(", ", Names)}, a profile file, or --nodes N");
    }

    /// <summary>A built-in profile by name (case-insensitive).</summary>
    public static bool TryGetNamed(string name, out ClusterProfile profile)
    {
        profile = name?.Trim().ToLowerInvariant() switch
        {
            "small" => Small,
            "medium" => Medium,
            "large" => Large,
            "xlarge" => XLarge,
            "30k" => Nodes30K,
            "65k" => Nodes65K,
            "100k" => Nodes100K,
            "testbed" => Testbed,
            _ => null!,
        };
        return profile is not null;
    }

    /// <summary>
    /// The reference cluster at <paramref name="nodes"/> nodes (<c>--nodes N</c>): counts, sizes and churn of
    /// <see cref="ReferenceCluster"/>, API server cores interpolated between the reference control planes.
    /// </summary>
    public static ClusterProfile ForNodes(int nodes)
    {
        if (nodes < 1)
        {
            throw new GateUsageException($"a cluster needs at least 1 node, got {nodes}", null, "pass --nodes 1 or more");
        }

        return Reference($"{nodes} nodes", nodes) with { Source = NodesSource };
    }

    /// <summary>
    /// A profile from counts read off a live cluster: the counts it read, everything else from the reference
    /// cluster of the same node count.
    /// </summary>
    public static ClusterProfile FromCounts(ClusterCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var baseline = ForNodes(counts.Nodes);
        var resources = new Dictionary<string, ResourceStats>(baseline.Resources, StringComparer.Ordinal);
        foreach (var (resource, count) in counts.ObjectCounts)
        {
            if (count < 0 || double.IsNaN(count))
            {
                throw new GateUsageException($"object count of {resource} must be 0 or more, got {count}");
            }

            var stats = resources.TryGetValue(resource, out var known) ? known : ReferenceCluster.Stats(resource, counts.Nodes);
            resources[resource] = stats with { Count = count };
        }

        var api = baseline.ApiServer;
        var profile = baseline with
        {
            Name = counts.Source,
            Source = counts.Source,
            Resources = resources,
            KubernetesVersion = counts.KubernetesVersion ?? baseline.KubernetesVersion,
            ApiServer = api with
            {
                Replicas = counts.ApiServerReplicas ?? api.Replicas,
                Cores = counts.ApiServerCores ?? api.Cores,
                MemoryBytesPerReplica = counts.ApiServerMemoryBytesPerReplica ?? api.MemoryBytesPerReplica,
                MaxRequestsInflight = counts.MaxRequestsInflight ?? api.MaxRequestsInflight,
                MaxMutatingRequestsInflight = counts.MaxMutatingRequestsInflight ?? api.MaxMutatingRequestsInflight,
            },
        };
        return profile.AtVersion(profile.KubernetesVersion);
    }

    /// <summary>
    /// A profile file (YAML, <c>--profile FILE</c>; format in docs/cluster-profiles.md, schema in
    /// policies/cluster-profile.schema.json). Errors are <see cref="GateUsageException"/>s with file, line and column.
    /// </summary>
    /// <param name="content">The file's text.</param>
    /// <param name="path">The path shown in error positions.</param>
    public static ClusterProfile FromYaml(string content, string path) => ClusterProfileFile.Parse(content, path);

    /// <summary>
    /// <paramref name="profile"/> moved to <paramref name="nodes"/> nodes, for scaling series: built-in and
    /// <c>--nodes</c> profiles become the reference cluster at that size; other profiles keep their ratios to the
    /// reference cluster (counts × reference(n) / reference(N), cores × cores(n) / cores(N); replicas, memory,
    /// sizes, churn and features unchanged).
    /// </summary>
    public static ClusterProfile ScaleTo(ClusterProfile profile, int nodes)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (nodes == profile.Nodes)
        {
            return profile;
        }

        if (profile.Source is BuiltInSource or NodesSource)
        {
            var reference = ForNodes(nodes);
            return reference with
            {
                ConsistentListFromCache = profile.ConsistentListFromCache,
                WatchList = profile.WatchList,
                ListFromCacheSnapshot = profile.ListFromCacheSnapshot,
                EtcdVersion = profile.EtcdVersion,
                KubernetesVersion = profile.KubernetesVersion,
                RelistIntervalSeconds = profile.RelistIntervalSeconds,
                ApiServer = profile.Name == Testbed.Name ? profile.ApiServer : reference.ApiServer,
            };
        }

        var resources = new Dictionary<string, ResourceStats>(StringComparer.Ordinal);
        foreach (var (resource, stats) in profile.Resources)
        {
            var from = ReferenceCluster.Stats(resource, profile.Nodes);
            var to = ReferenceCluster.Stats(resource, nodes);
            var ratio = from.Count > 0 ? to.Count / from.Count : (double)nodes / profile.Nodes;
            resources[resource] = stats with
            {
                Count = stats.Count * ratio,
                CreatesPerSecond = stats.CreatesPerSecond * nodes / profile.Nodes,
            };
        }

        return profile with
        {
            Name = $"{profile.Name} at {nodes} nodes",
            Nodes = nodes,
            Resources = resources,
            ApiServer = profile.ApiServer with
            {
                Cores = profile.ApiServer.Cores * ReferenceCluster.Cores(nodes) / ReferenceCluster.Cores(profile.Nodes),
            },
        };
    }

    /// <summary>Statistics of <paramref name="resource"/> in <paramref name="profile"/>, or the reference row when the profile lacks it.</summary>
    public static ResourceStats StatsOf(this ClusterProfile profile, string resource)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Resources.TryGetValue(resource, out var stats) ? stats : ReferenceCluster.Stats(resource, profile.Nodes);
    }

    private static ClusterProfile Reference(string name, int nodes) => new()
    {
        Name = name,
        Nodes = nodes,
        Resources = ReferenceCluster.Resources(nodes),
        ApiServer = ReferenceCluster.ApiServer(nodes),
        Source = BuiltInSource,
    };
}
