using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Manifests;
using Gate.Core.Policies;
using Gate.Testing;

namespace Gate.Core.Tests;

/// <summary>Hand-built estimates (numbers in the shape of the corpus labels) and the repository's policy files.</summary>
internal static class Fixtures
{
    public static readonly int[] Sizes = [100, 1000, 5000, 15000];

    private static readonly Dictionary<int, double> Cores = new() { [100] = 12, [1000] = 24, [5000] = 48, [15000] = 160 };

    public static string SchemaJson => File.ReadAllText(RepoPaths.InRepo("policies", "schema.json"));

    public static string DefaultYaml => File.ReadAllText(RepoPaths.InRepo("policies", "default.yaml"));

    public static Policy DefaultPolicy => PolicyLoader.Load(DefaultYaml, "built-in", SchemaJson);

    public static Policy Load(string yaml) => PolicyLoader.Load(yaml, "policy.yaml", SchemaJson);

    public static ApiServerCapacity Capacity(int nodes) => new()
    {
        Replicas = nodes >= 5000 ? 3 : 1,
        Cores = Cores.TryGetValue(nodes, out var c) ? c : 24,
        MemoryBytesPerReplica = 64e9,
    };

    public static ClusterProfile Cluster(int nodes) => new()
    {
        Name = nodes switch { 100 => "small", 1000 => "medium", 5000 => "large", 15000 => "xlarge", _ => "custom" },
        Nodes = nodes,
        Resources = new Dictionary<string, ResourceStats>
        {
            ["pods"] = new() { Count = 30.0 * nodes, MeanJsonBytes = 8400, ChangesPerObjectPerSecond = 1 / 600.0, PerNode = 30 },
        },
        ApiServer = Capacity(nodes),
    };

    public static AccessPattern Pattern(ApiVerb verb, string resource, PatternScope scope, int line, string? rv = null, string? field = null, string file = "/repo/deploy/otel/configmap.yaml") => new()
    {
        Verb = verb,
        Resource = resource,
        Scope = scope,
        ResourceVersion = rv,
        FieldSelector = field,
        Origin = new SourcePosition(file, line, 9),
        Reason = "k8sattributes pod informer",
    };

    /// <summary>The seed incident's shape: every node runs a cluster-wide pod informer (O(N²)).</summary>
    public static WorkloadEstimate ClusterWidePods(int nodes, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var workload = new Workload
        {
            Kind = "DaemonSet",
            Namespace = "monitoring",
            Name = "otel-agent",
            Agent = "opentelemetry-collector",
            PatternSource = PatternSource.Catalogue,
            Origin = new SourcePosition("/repo/deploy/otel/daemonset.yaml", 1, 1),
            Annotations = annotations ?? new Dictionary<string, string>(),
            AccessPatterns =
            [
                Pattern(ApiVerb.List, "pods", PatternScope.Cluster, 12, rv: "0"),
                Pattern(ApiVerb.Watch, "pods", PatternScope.Cluster, 12),
            ],
        };
        return new WorkloadEstimate
        {
            Workload = workload,
            Patterns =
            [
                new PatternCost
                {
                    Pattern = workload.AccessPatterns[0], RequestsPerSecond = 0, ObjectsPerResponse = 30.0 * nodes, ObjectsProcessed = 30.0 * nodes,
                    BytesPerResponse = 30.0 * nodes * 8400, Seats = 10, StartupBytes = nodes * 30.0 * nodes * 8400,
                },
                new PatternCost
                {
                    Pattern = workload.AccessPatterns[1], BytesPerSecond = nodes * 30.0 * nodes / 600 * 8400,
                    WatchEventsPerSecond = nodes * 30.0 * nodes / 600, Seats = 1,
                },
            ],
            Total = Total(nodes, 30.0 * nodes / 600 * 8400 * nodes, 30.0 * nodes * 8400 * nodes, 0.02, 11),
            Scaling = "O(N^2)",
            BreakEvenNodes = 1000,
            Series = [.. Sizes.Select(n => Point(n, 30.0 * n / 600 * 8400 * n, 30.0 * n * 8400 * n))],
        };
    }

    /// <summary>A node-scoped informer: O(N) and far below every budget.</summary>
    public static WorkloadEstimate NodeScopedPods(int nodes)
    {
        var workload = new Workload
        {
            Kind = "DaemonSet",
            Namespace = "logging",
            Name = "promtail",
            Agent = "promtail",
            PatternSource = PatternSource.Catalogue,
            Origin = new SourcePosition("/repo/deploy/promtail/daemonset.yaml", 1, 1),
            AccessPatterns =
            [
                Pattern(ApiVerb.List, "pods", PatternScope.Node, 20, rv: "0", field: "spec.nodeName=$HOSTNAME", file: "/repo/deploy/promtail/configmap.yaml"),
                Pattern(ApiVerb.Watch, "pods", PatternScope.Node, 20, field: "spec.nodeName=$HOSTNAME", file: "/repo/deploy/promtail/configmap.yaml"),
            ],
        };
        return new WorkloadEstimate
        {
            Workload = workload,
            Patterns =
            [
                new PatternCost { Pattern = workload.AccessPatterns[0], ObjectsPerResponse = 30, ObjectsProcessed = 30, BytesPerResponse = 252000, Seats = 10, StartupBytes = nodes * 252000.0 },
                new PatternCost { Pattern = workload.AccessPatterns[1], BytesPerSecond = nodes * 30 / 600.0 * 8400, WatchEventsPerSecond = nodes * 30 / 600.0, Seats = 1 },
            ],
            Total = Total(nodes, nodes * 30 / 600.0 * 8400, nodes * 252000.0, 0.001, 1),
            Scaling = "O(N)",
            Series = [.. Sizes.Select(n => Point(n, n * 30 / 600.0 * 8400, n * 252000.0))],
        };
    }

    /// <summary>An unknown agent estimated from its RBAC, with an etcd-served per-node LIST.</summary>
    public static WorkloadEstimate UnknownAgent(int nodes, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var list = Pattern(ApiVerb.List, "configmaps", PatternScope.Namespace, 30) with
        {
            Limit = 500,
            PeriodSeconds = 300,
            UpperBound = true,
            Origin = new SourcePosition("/repo/deploy/custom/rbac.yaml", 14, 5),
        };
        var workload = new Workload
        {
            Kind = "DaemonSet",
            Namespace = "kube-system",
            Name = "node-helper",
            Agent = "unknown",
            PatternSource = PatternSource.RbacWorstCase,
            Origin = new SourcePosition("/repo/deploy/custom/daemonset.yaml", 3, 1),
            Annotations = annotations ?? new Dictionary<string, string>(),
            Notes = ["unknown agent: declare its requests in gate.dev/access-patterns"],
            AccessPatterns = [list],
        };
        return new WorkloadEstimate
        {
            Workload = workload,
            Patterns =
            [
                new PatternCost
                {
                    Pattern = list, ServedFrom = "etcd", RequestsPerSecond = nodes / 300.0, ObjectsPerResponse = 3, ObjectsProcessed = 3.0 * nodes,
                    BytesPerResponse = 12000, Seats = 1, BytesPerSecond = nodes / 300.0 * 12000, StartupBytes = nodes * 12000.0,
                },
            ],
            Total = Total(nodes, nodes / 300.0 * 12000, nodes * 12000.0, 0.001, 1),
            Scaling = "O(N^2)",
            Series = [.. Sizes.Select(n => Point(n, n / 300.0 * 12000, n * 12000.0))],
        };
    }

    public static EstimateReport Report(int nodes, params WorkloadEstimate[] workloads) =>
        new() { Cluster = Cluster(nodes), Workloads = workloads };

    private static CostTotal Total(int nodes, double bytesPerSecond, double startupBytes, double seatShare, double seatsPerReplica) => new()
    {
        RequestsPerSecond = nodes / 300.0,
        BytesPerSecond = bytesPerSecond,
        SeatUtilization = seatShare,
        CpuCores = bytesPerSecond / 76e6,
        PeakMemoryBytes = 5 * startupBytes / nodes,
        StartupBytes = startupBytes,
        StartupRequests = 2.0 * nodes,
        StartupSeats = seatsPerReplica * nodes,
        WatchEventsPerSecond = nodes * 30.0 * nodes / 600,
    };

    private static SizePoint Point(int nodes, double bytesPerSecond, double startupBytes) => new()
    {
        Nodes = nodes,
        Total = new CostTotal { BytesPerSecond = bytesPerSecond, StartupBytes = startupBytes },
        Capacity = Capacity(nodes),
    };
}
