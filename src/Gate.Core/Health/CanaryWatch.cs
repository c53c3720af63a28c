using Gate.Core.Agents;

namespace Gate.Core.Health;

/// <summary>
/// One resource a canary pod watches and with what scope. A cluster-wide (or namespace) watcher is sent every event
/// of the resource that enters the API server's watch cache; a node-scoped (<c>spec.nodeName</c>) or single-object
/// watcher about that many ÷ the cluster's nodes.
/// </summary>
/// <param name="Resource">Plural resource, e.g. <c>events</c>.</param>
/// <param name="Group">API group, empty for core.</param>
/// <param name="Scope">The watch's scope.</param>
public sealed record CanaryWatch(string Resource, string Group, PatternScope Scope)
{
    // Kinds of the resources the reference cluster models: the watch_events metrics of v1.29–v1.33 label by kind.
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["pods"] = "Pod", ["nodes"] = "Node", ["namespaces"] = "Namespace", ["services"] = "Service",
        ["endpointslices"] = "EndpointSlice", ["endpoints"] = "Endpoints", ["configmaps"] = "ConfigMap",
        ["secrets"] = "Secret", ["replicasets"] = "ReplicaSet", ["deployments"] = "Deployment",
        ["statefulsets"] = "StatefulSet", ["daemonsets"] = "DaemonSet", ["jobs"] = "Job", ["cronjobs"] = "CronJob",
        ["persistentvolumeclaims"] = "PersistentVolumeClaim", ["persistentvolumes"] = "PersistentVolume",
        ["ingresses"] = "Ingress", ["horizontalpodautoscalers"] = "HorizontalPodAutoscaler", ["leases"] = "Lease",
        ["events"] = "Event", ["resourcequotas"] = "ResourceQuota",
    };

    /// <summary>The kind of <see cref="Resource"/> (<c>Event</c>); empty when unknown (only v1.34+ label by resource).</summary>
    public string Kind => KindOf(Resource);

    /// <summary>The kind of a plural resource the reference cluster models; empty when unknown.</summary>
    public static string KindOf(string resource) => Kinds.GetValueOrDefault(resource, string.Empty);

    /// <summary><c>resource</c> or <c>resource.group</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Resource : $"{Resource}.{Group}";

    /// <summary>
    /// The share of the resource's events one watcher of this scope receives in a cluster of <paramref name="nodes"/>
    /// nodes: all of them cluster-wide and (as an upper bound) in a namespace; 1/N for a node-scoped or one-object watch.
    /// </summary>
    public double Share(int nodes) => Scope is PatternScope.Node or PatternScope.Object ? 1.0 / Math.Max(1, nodes) : 1.0;

    /// <summary>
    /// The watches every replica of a workload opens (one per resource and scope): leader-elected and sharded
    /// watches are not per node and are left out.
    /// </summary>
    public static IReadOnlyList<CanaryWatch> From(IEnumerable<AccessPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns
            .Where(p => p.Verb == ApiVerb.Watch && !p.LeaderElected && p.Replicas is null)
            .Select(p => new CanaryWatch(p.Resource, p.Group, p.Scope))
            .Distinct()
            .ToList();
    }
}
