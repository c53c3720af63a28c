using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// kube-state-metrics v2 (<c>*/kube-state-metrics</c>). Every enabled resource gets a client-go reflector: a LIST
/// (resourceVersion 0 at start) and a WATCH (kubernetes/kube-state-metrics internal/store/builder.go
/// <c>buildStores</c>/<c>startReflector</c>). The resources are <c>--resources</c> or the defaults
/// (pkg/options/resource.go <c>DefaultResources</c>, as of v2.20.0); <c>--namespaces</c> gives one reflector per
/// namespace for namespaced resources. <c>--node</c> (DaemonSet sharding, pods only) adds
/// <c>spec.nodeName=NODE</c>, <c>--track-unscheduled-pods</c> <c>spec.nodeName=</c> (pkg/options/types.go).
/// <c>--shard</c>/<c>--total-shards</c> filter objects after the LIST (pkg/sharding): every shard still lists and
/// watches everything, so the patterns count once per replica.
/// </summary>
public sealed class KubeStateMetrics : IAgentModel
{
    /// <summary>The default resources of v2.20.0 (pkg/options/resource.go).</summary>
    private static readonly string[] DefaultResources =
    [
        "certificatesigningrequests", "configmaps", "cronjobs", "daemonsets", "deployments", "endpointslices",
        "horizontalpodautoscalers", "ingresses", "jobs", "leases", "limitranges", "mutatingadmissionpolicies",
        "mutatingadmissionpolicybindings", "mutatingwebhookconfigurations", "namespaces", "networkpolicies", "nodes",
        "persistentvolumes", "persistentvolumeclaims", "poddisruptionbudgets", "pods", "replicasets",
        "replicationcontrollers", "resourcequotas", "secrets", "services", "statefulsets", "storageclasses",
        "validatingadmissionpolicies", "validatingadmissionpolicybindings", "validatingwebhookconfigurations", "volumeattachments",
    ];

    /// <summary>Cluster-scoped resources (built with <c>buildClusterScopedStores</c>: never per namespace).</summary>
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "certificatesigningrequests", "mutatingadmissionpolicies", "mutatingadmissionpolicybindings", "mutatingwebhookconfigurations",
        "namespaces", "nodes", "persistentvolumes", "storageclasses", "validatingadmissionpolicies",
        "validatingadmissionpolicybindings", "validatingwebhookconfigurations", "volumeattachments",
    };

    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["certificatesigningrequests"] = "certificates.k8s.io", ["poddisruptionbudgets"] = "policy", ["volumeattachments"] = "storage.k8s.io",
        ["controllerrevisions"] = "apps", ["verticalpodautoscalers"] = "autoscaling.k8s.io",
        ["mutatingadmissionpolicies"] = "admissionregistration.k8s.io", ["mutatingadmissionpolicybindings"] = "admissionregistration.k8s.io",
        ["mutatingwebhookconfigurations"] = "admissionregistration.k8s.io", ["validatingadmissionpolicies"] = "admissionregistration.k8s.io",
        ["validatingadmissionpolicybindings"] = "admissionregistration.k8s.io", ["validatingwebhookconfigurations"] = "admissionregistration.k8s.io",
    };

    public string Id => "kube-state-metrics";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Container.ImageRepository.EndsWith("kube-state-metrics", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var resourcesFlag = context.Flag("--resources");
        IReadOnlyList<string> resources = resourcesFlag is { Value.Length: > 0 } ? Split(resourcesFlag.Value) : DefaultResources;
        var namespaces = context.Flag("--namespaces") is { Value.Length: > 0 } nsFlag ? Split(nsFlag.Value) : [];
        var origin = resourcesFlag?.Position ?? context.Container.ImagePosition;
        string? podSelector = null;
        if (context.Flag("--node") is { Value.Length: > 0 } node)
        {
            podSelector = "spec.nodeName=" + EnvReferences.Normalize(node.Value);
        }
        else if (context.HasFlag("--track-unscheduled-pods"))
        {
            podSelector = "spec.nodeName=";
        }

        if (context.Flag("--total-shards") is { Value.Length: > 0 } shards)
        {
            notes.Add($"kube-state-metrics --total-shards={shards.Value}: each shard lists and watches every object and keeps its share, so every replica is counted in full");
        }

        var patterns = new List<AccessPattern>();
        foreach (var resource in resources)
        {
            var group = GroupOf(resource);
            var field = resource == "pods" ? podSelector : null;
            var reason = $"kube-state-metrics: {resource} reflector";
            foreach (var ns in namespaces.Count == 0 || ClusterScoped.Contains(resource) ? [null] : namespaces.Select(n => (string?)n))
            {
                patterns.AddRange(Patterns.Informer(group, resource, origin, reason, field, null, ns));
            }
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    /// <summary>The API group of a kube-state-metrics resource (collector) name.</summary>
    internal static string GroupOf(string resource) => Groups.TryGetValue(resource, out var g) ? g : ResourceGroups.Of(resource);

    private static List<string> Split(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
