using Gate.Core.Agents;

namespace Gate.Simulation.Scenarios;

/// <summary>
/// The demo's telemetry agent in three versions: 1.0 (reads only node-local data), 2.0 (the December 2024 pattern:
/// every node LISTs all pods and all services cluster-wide every 30 s) and 2.1 (the fix: its own node's pods, and
/// services through one informer).
/// </summary>
public static class DemoAgents
{
    public const string Namespace = "monitoring";
    public const string Name = "telemetry-agent";

    /// <summary>Version 1.0: no API calls.</summary>
    public static Workload Current { get; } = Agent("1.0", PatternSource.None, []);

    /// <summary>Version 2.0: cluster-wide pod and service LISTs from every node every 30 s (O(N²)).</summary>
    public static Workload ClusterWideLister { get; } = Agent("2.0", PatternSource.Declared,
    [
        new AccessPattern { Verb = ApiVerb.List, Resource = "pods", Scope = PatternScope.Cluster, PeriodSeconds = 30, Reason = "enriches telemetry with every pod's labels" },
        new AccessPattern { Verb = ApiVerb.List, Resource = "services", Scope = PatternScope.Cluster, PeriodSeconds = 30, Reason = "maps pod IPs to services" },
    ]);

    /// <summary>Version 2.1: node-scoped pod LIST every 30 s and a services informer (O(N)).</summary>
    public static Workload NodeScoped { get; } = Agent("2.1", PatternSource.Declared,
    [
        new AccessPattern { Verb = ApiVerb.List, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$NODE_NAME", PeriodSeconds = 30, Reason = "its own node's pods only" },
        new AccessPattern { Verb = ApiVerb.List, Resource = "services", Scope = PatternScope.Cluster, ResourceVersion = "0", Reason = "services informer: initial list from the watch cache" },
        new AccessPattern { Verb = ApiVerb.Watch, Resource = "services", Scope = PatternScope.Cluster, Reason = "services informer" },
    ]);

    private static Workload Agent(string version, PatternSource source, IReadOnlyList<AccessPattern> patterns) => new()
    {
        Kind = "DaemonSet",
        Namespace = Namespace,
        Name = Name,
        Agent = "telemetry-agent",
        PatternSource = source,
        ServiceAccount = Name,
        AccessPatterns = patterns,
        Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["gate.dev/image"] = "registry.example/telemetry-agent:" + version },
    };
}
