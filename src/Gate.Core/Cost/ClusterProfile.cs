namespace Gate.Core.Cost;

/// <summary>Count, size and churn of one resource in a cluster profile.</summary>
public sealed record ResourceStats
{
    /// <summary>Objects of the resource in the whole cluster.</summary>
    public required double Count { get; init; }

    /// <summary>Mean JSON bytes of one object.</summary>
    public required double MeanJsonBytes { get; init; }

    /// <summary>Changes per object per second (a pod changes about every 10 minutes: 1/600).</summary>
    public double ChangesPerObjectPerSecond { get; init; }

    /// <summary>Objects per node when the resource is node-scoped (pods: 30), else null.</summary>
    public double? PerNode { get; init; }

    /// <summary>Objects created per second cluster-wide (events), when not modelled by churn.</summary>
    public double? CreatesPerSecond { get; init; }
}

/// <summary>
/// A cluster as the cost model sees it: node count, object counts and sizes, API server capacity and features.
/// Built-in profiles (small, medium, large, xlarge), a node count, a profile file or counts read from a live cluster.
/// </summary>
public sealed record ClusterProfile
{
    public required string Name { get; init; }

    public required int Nodes { get; init; }

    /// <summary>Statistics per plural resource name (<c>pods</c>, <c>replicasets</c>, …).</summary>
    public required IReadOnlyDictionary<string, ResourceStats> Resources { get; init; }

    public required ApiServerCapacity ApiServer { get; init; }

    /// <summary>Feature gate ConsistentListFromCache (on from v1.31 with a recent etcd).</summary>
    public bool ConsistentListFromCache { get; init; } = true;

    /// <summary>Feature gate WatchList on the server (v1.32 beta on).</summary>
    public bool WatchList { get; init; } = true;

    /// <summary>Feature gate ListFromCacheSnapshot (beta on from v1.34): continue pages and exact reads from cache snapshots.</summary>
    public bool ListFromCacheSnapshot { get; init; }

    /// <summary>etcd server version when known (<c>3.5.16</c>); null = assumed recent enough for consistent cache reads.</summary>
    public string? EtcdVersion { get; init; }

    /// <summary>Server version (<c>v1.32</c>, or <c>/version</c>'s gitVersion with <c>--from-cluster</c>): selects the serving rules.</summary>
    public string KubernetesVersion { get; init; } = "v1.32";

    /// <summary>The version and feature gates that decide where reads are served (<see cref="ServingRules"/>).</summary>
    public ApiServerFeatures Features => ApiServerFeatures.ForVersion(KubernetesVersion, EtcdVersion) with
    {
        ConsistentListFromCache = ConsistentListFromCache,
        WatchList = WatchList,
        ListFromCacheSnapshot = ListFromCacheSnapshot,
    };

    /// <summary><paramref name="version"/> with its default feature gates (the profile's other numbers unchanged).</summary>
    public ClusterProfile AtVersion(string version)
    {
        var features = ApiServerFeatures.ForVersion(version, EtcdVersion);
        return this with
        {
            KubernetesVersion = version,
            ConsistentListFromCache = features.ConsistentListFromCache,
            WatchList = features.WatchList,
            ListFromCacheSnapshot = features.ListFromCacheSnapshot,
        };
    }

    /// <summary>
    /// Mean seconds between relists of one informer after its watch expired (<c>410 Gone</c>: API server restarts,
    /// disconnections longer than the watch cache's ~75 s window). Default one per hour.
    /// </summary>
    public double RelistIntervalSeconds { get; init; } = 3600;

    /// <summary>Where the numbers came from: <c>built-in</c>, <c>--nodes</c>, a file path, or <c>cluster</c>.</summary>
    public string Source { get; init; } = "built-in";
}

/// <summary>An estimate of every workload found in the inputs at one cluster profile.</summary>
public sealed record EstimateReport
{
    public required ClusterProfile Cluster { get; init; }

    public required IReadOnlyList<WorkloadEstimate> Workloads { get; init; }
}
