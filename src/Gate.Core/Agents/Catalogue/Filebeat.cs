using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Elastic Beats (Filebeat, Metricbeat) Kubernetes metadata: the <c>kubernetes</c> autodiscover provider and the
/// <c>add_kubernetes_metadata</c> processor. Each runs a watcher on its resource (pod by default) — node-scoped
/// (<c>spec.nodeName</c>) with <c>scope: node</c> (default), cluster-wide with <c>scope: cluster</c> — plus node and
/// namespace metadata watchers (<c>add_resource_metadata</c>; the node watcher is the own node in node scope),
/// optional replicaset/job watchers (<c>deployment</c>/<c>cronjob: true</c>) and a start-up GET of
/// <c>kube-system/configmaps/kubeadm-config</c> (<c>kubeadm: true</c>, default). <c>unique: true</c> elects one leader
/// per cluster through a Lease; only the leader watches.
/// </summary>
public sealed class Filebeat : IAgentModel
{
    public string Id => "filebeat";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return BeatOf(context.Container.ImageRepository) is not null;
    }

    /// <summary>
    /// <c>filebeat</c> or <c>metricbeat</c> from the image's last path segment, with Elastic's variants
    /// (<c>filebeat-wolfi</c>, <c>filebeat-oss</c>, <c>filebeat-ubi</c> …); null for other images.
    /// </summary>
    private static string? BeatOf(string image)
    {
        var name = image[(image.LastIndexOf('/') + 1)..];
        return new[] { "filebeat", "metricbeat" }.FirstOrDefault(b => name == b || name.StartsWith(b + "-", StringComparison.Ordinal));
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var beat = BeatOf(context.Container.ImageRepository) ?? "filebeat";
        var roots = context.YamlConfigs(r => r.Keys.Any(k => k.StartsWith(beat, StringComparison.Ordinal) || k.StartsWith("output", StringComparison.Ordinal) || k == "processors"), notes);
        if (roots.Count == 0)
        {
            return new AgentAnalysis { Agent = beat, ConfigFound = false, Notes = notes };
        }

        var patterns = new List<AccessPattern>();
        foreach (var root in roots)
        {
            var providers = (ConfigDocuments.Lookup(root, beat + ".autodiscover.providers") as ManifestSequence)?.Items.OfType<ManifestMapping>() ?? [];
            foreach (var provider in providers.Where(p => p.GetString("type") == "kubernetes"))
            {
                patterns.AddRange(Watchers(provider, context, notes, $"{beat} kubernetes autodiscover", isProcessor: false));
            }

            // add_kubernetes_metadata at the top level and in each input's own processors (one processor, and
            // its watchers, per occurrence: libbeat/processors/add_kubernetes_metadata/kubernetes.go New).
            var inputs = (ConfigDocuments.Lookup(root, beat + ".inputs") as ManifestSequence)?.Items.OfType<ManifestMapping>() ?? [];
            var processors = new[] { root }.Concat(inputs)
                .SelectMany(m => (m["processors"] as ManifestSequence)?.Items.OfType<ManifestMapping>() ?? []);
            foreach (var processor in processors)
            {
                if (processor["add_kubernetes_metadata"] is { } node)
                {
                    patterns.AddRange(Watchers(node as ManifestMapping, context, notes, $"{beat} add_kubernetes_metadata", isProcessor: true, fallback: processor.Position));
                }
            }
        }

        return new AgentAnalysis { Agent = beat, Patterns = patterns, Notes = notes };
    }

    private static IEnumerable<AccessPattern> Watchers(ManifestMapping? config, AgentContext context, List<string> notes, string what, bool isProcessor, SourcePosition? fallback = null)
    {
        var origin = config?.Position ?? fallback;
        var scope = (config?.GetString("scope") ?? "node").ToLowerInvariant();
        var ns = config?.GetString("namespace") is { Length: > 0 } n ? n : null;
        if (!isProcessor && config?.GetBoolean("unique") == true)
        {
            var leaseNs = context.Workload.Object.Namespace ?? "default";
            notes.Add($"{what} at {origin}: unique: true, one leader per cluster runs the watchers (not counted per node)");
            return [Patterns.Get("coordination.k8s.io", "leases", config.PositionOf("unique"), $"{what}: leader election on a Lease in {leaseNs} (renew/try every 2s)", 2, PatternScope.Object)];
        }

        var patterns = new List<AccessPattern>();
        string? podField = null;
        string? nodeField = null;
        if (scope != "cluster")
        {
            // `host` is the key older Beats used for `node`; current ones read `node` (libbeat/processors/add_kubernetes_metadata/config.go)
            // and otherwise take NODE_NAME, which the default selector below assumes too.
            var nodeValue = config?.GetString("node") ?? config?.GetString("host");
            podField = nodeValue is { Length: > 0 } ? context.NodeSelector("spec.nodeName", nodeValue) : context.NodeSelectorFromEnv("spec.nodeName", "NODE_NAME") ?? "spec.nodeName=$(NODE_NAME)";
            nodeField = podField?.Replace("spec.nodeName=", "metadata.name=", StringComparison.Ordinal);
            origin = config?.KeyNode("scope")?.Position ?? config?.KeyNode("node")?.Position ?? config?.KeyNode("host")?.Position ?? origin;
        }
        else
        {
            origin = config!.PositionOf("scope");
        }

        var resource = (config?.GetString("resource") ?? "pod").ToLowerInvariant();
        switch (resource)
        {
            case "node":
                patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, $"{what}: node watcher", nodeField));
                break;
            case "service":
                patterns.AddRange(Patterns.Informer(string.Empty, "services", origin, $"{what}: service watcher", null, null, ns));
                break;
            default:
                patterns.AddRange(Patterns.Informer(string.Empty, "pods", origin, $"{what}: pod watcher", podField, null, ns));
                break;
        }

        var metadata = config?.GetMapping("add_resource_metadata");
        if (resource != "node" && (metadata?.GetMapping("node")?.GetBoolean("enabled") ?? true))
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "nodes", metadata?.PositionOf("node") ?? origin, $"{what}: node metadata watcher", nodeField));
        }

        if (metadata?.GetMapping("namespace")?.GetBoolean("enabled") ?? true)
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "namespaces", metadata?.PositionOf("namespace") ?? origin, $"{what}: namespace metadata watcher"));
        }

        if (resource == "pod" && metadata?.GetBoolean("deployment") == true)
        {
            patterns.AddRange(Patterns.Informer("apps", "replicasets", metadata.PositionOf("deployment"), $"{what}: replicaset watcher for deployment metadata", null, null, ns));
        }

        if (resource == "pod" && metadata?.GetBoolean("cronjob") == true)
        {
            patterns.AddRange(Patterns.Informer("batch", "jobs", metadata.PositionOf("cronjob"), $"{what}: job watcher for cronjob metadata", null, null, ns));
        }

        // The autodiscover provider reads `kubeadm` (default true); the processor `use_kubeadm`, which its
        // InitDefaults leaves false (libbeat/processors/add_kubernetes_metadata/config.go).
        var kubeadmKey = isProcessor ? "use_kubeadm" : "kubeadm";
        if (config?.GetBoolean(kubeadmKey) ?? !isProcessor)
        {
            patterns.Add(Patterns.Get(string.Empty, "configmaps", config?.KeyNode(kubeadmKey)?.Position ?? origin, $"{what}: GET kube-system/configmaps/kubeadm-config at start ({kubeadmKey}: true)", null));
        }

        return patterns;
    }
}
