namespace Gate.Core.Cost;

/// <summary>
/// The reference cluster at N nodes: object counts, mean JSON sizes and churn per resource, and the reference control
/// plane. The table is the one of the corpus labeller (<c>tests/Gate.Testing/Corpus/ReferenceLabeller.cs</c>, its resource and
/// core tables), so Gate's built-in profiles and the corpus labels describe the same clusters.
/// </summary>
public static class ReferenceCluster
{
    /// <summary>The reference sizes of the built-in profiles and of every scaling series.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [100, 1_000, 5_000, 15_000];

    /// <summary>Events created per node per second (the <c>events</c> resource is modelled by creation, not churn).</summary>
    public const double EventsPerNodePerSecond = 0.05;

    /// <summary>Default stats of a resource the table does not know: one object per node, 2 KB, changed hourly.</summary>
    public const double UnknownResourceBytes = 2_000;

    private sealed record Row(Func<long, long> Count, double Bytes, double Churn, double? PerNode);

    private static readonly Dictionary<string, Row> Rows = new(StringComparer.Ordinal)
    {
        ["pods"] = new(n => 30 * n, 8400, 1.0 / 600, 30),
        ["nodes"] = new(n => n, 6900, 1.0 / 300, 1),
        ["namespaces"] = new(n => Math.Max(10, n / 10), 1000, 1.0 / 86400, null),
        ["services"] = new(n => n, 2000, 1.0 / 86400, null),
        ["endpointslices"] = new(n => n, 4000, 1.0 / 600, null),
        ["endpoints"] = new(n => n, 4000, 1.0 / 600, null),
        ["configmaps"] = new(n => 3 * n, 4000, 1.0 / 3600, null),
        ["secrets"] = new(n => 3 * n, 3000, 1.0 / 3600, null),
        ["replicasets"] = new(n => 2 * n, 3000, 1.0 / 3600, null),
        ["deployments"] = new(n => n, 4000, 1.0 / 3600, null),
        ["statefulsets"] = new(n => (n / 10) + 1, 4000, 1.0 / 3600, null),
        ["daemonsets"] = new(_ => 20, 4000, 1.0 / 3600, null),
        ["jobs"] = new(n => (n / 2) + 1, 3000, 1.0 / 3600, null),
        ["cronjobs"] = new(n => (n / 10) + 1, 3000, 1.0 / 86400, null),
        ["persistentvolumeclaims"] = new(n => n, 1500, 1.0 / 86400, null),
        ["persistentvolumes"] = new(n => n, 1500, 1.0 / 86400, null),
        ["ingresses"] = new(n => (n / 5) + 1, 2000, 1.0 / 86400, null),
        ["horizontalpodautoscalers"] = new(n => (n / 2) + 1, 2000, 1.0 / 60, null),
        ["leases"] = new(n => n + 50, 400, 1.0 / 10, 1),
        ["events"] = new(n => 10 * n, 1000, 0, null),
        ["resourcequotas"] = new(n => Math.Max(10, n / 10), 1000, 1.0 / 600, null),
    };

    // Seats: the APF concurrency of one replica (--max-requests-inflight + --max-mutating-requests-inflight, split 2:1
    // like the defaults 400 + 200). Past 15,000 nodes the cluster-wide seats are those of the EKS Provisioned Control
    // Plane tier for that size (2XL 3,400 and 4XL 6,800 seats; 8XL assumed twice 4XL: AWS names it without a figure),
    // cores continue the 5,000 -> 15,000 slope; docs/cluster-profiles.md says which numbers are cited and which assumed.
    private static readonly (int Nodes, double Cores, int Replicas, double MemoryGiB, int SeatsPerReplica)[] ControlPlanes =
    [
        (100, 12, 3, 16, 600),
        (1_000, 24, 3, 32, 600),
        (5_000, 48, 3, 64, 600),
        (15_000, 160, 5, 128, 600),
        (30_000, 328, 5, 128, 3_400 / 5),
        (65_000, 720, 5, 128, 6_800 / 5),
        (100_000, 1_112, 5, 192, 13_600 / 5),
    ];

    /// <summary>Resources the reference table describes.</summary>
    public static IReadOnlyCollection<string> KnownResources => Rows.Keys;

    /// <summary>True when the table has a row for <paramref name="resource"/>.</summary>
    public static bool Knows(string resource) => Rows.ContainsKey(resource);

    /// <summary>Statistics of <paramref name="resource"/> at <paramref name="nodes"/> nodes.</summary>
    public static ResourceStats Stats(string resource, int nodes)
    {
        if (!Rows.TryGetValue(resource, out var row))
        {
            return new ResourceStats { Count = Math.Max(1, nodes), MeanJsonBytes = UnknownResourceBytes, ChangesPerObjectPerSecond = 1.0 / 3600 };
        }

        return new ResourceStats
        {
            Count = row.Count(nodes),
            MeanJsonBytes = row.Bytes,
            ChangesPerObjectPerSecond = row.Churn,
            PerNode = row.PerNode,
            CreatesPerSecond = resource == "events" ? EventsPerNodePerSecond * nodes : null,
        };
    }

    /// <summary>Every known resource at <paramref name="nodes"/> nodes.</summary>
    public static IReadOnlyDictionary<string, ResourceStats> Resources(int nodes) =>
        Rows.Keys.ToDictionary(r => r, r => Stats(r, nodes), StringComparer.Ordinal);

    /// <summary>
    /// Total API server cores of the reference control plane: 12 / 24 / 48 / 160 at 100 / 1,000 / 5,000 / 15,000
    /// nodes, linear between neighbouring sizes, 12 below 100 nodes; the 5,000→15,000 slope (0.0112 cores per node)
    /// above 15,000, where the 30,000 / 65,000 / 100,000-node control planes lie on it.
    /// </summary>
    public static double Cores(int nodes)
    {
        if (nodes <= ControlPlanes[0].Nodes)
        {
            return ControlPlanes[0].Cores;
        }

        for (var i = 1; i < ControlPlanes.Length; i++)
        {
            var (n1, c1, _, _, _) = ControlPlanes[i];
            if (nodes <= n1)
            {
                var (n0, c0, _, _, _) = ControlPlanes[i - 1];
                return c0 + ((c1 - c0) * (nodes - n0) / (n1 - n0));
            }
        }

        var (na, ca, _, _, _) = ControlPlanes[^2];
        var (nb, cb, _, _, _) = ControlPlanes[^1];
        return cb + ((cb - ca) * (nodes - nb) / (nb - na));
    }

    /// <summary>The reference control plane at <paramref name="nodes"/>: replicas, memory and seats of the largest reference size not above it.</summary>
    public static ApiServerCapacity ApiServer(int nodes)
    {
        var step = ControlPlanes[0];
        foreach (var cp in ControlPlanes)
        {
            if (cp.Nodes <= nodes)
            {
                step = cp;
            }
        }

        return new ApiServerCapacity
        {
            Replicas = step.Replicas,
            Cores = Cores(nodes),
            MemoryBytesPerReplica = step.MemoryGiB * Gib,
            MaxRequestsInflight = step.SeatsPerReplica - (step.SeatsPerReplica / 3),
            MaxMutatingRequestsInflight = step.SeatsPerReplica / 3,
        };
    }

    internal const double Gib = 1024.0 * 1024 * 1024;
}
