using Gate.Core.Agents.Formats;
using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Fluent Bit <c>kubernetes</c> filter (classic and YAML configs). With <c>Use_Kubelet Off</c> (default) each filter
/// GETs <c>/api/v1/namespaces/NS/pods/POD</c> (no resourceVersion: an etcd read) the first time it sees a pod, cached
/// for <c>Kube_Meta_Cache_TTL</c> (0 = no expiry; pods churn about every 10 minutes, so one GET per 600 s per pod
/// slot). <c>Namespace_Labels</c>/<c>Namespace_Annotations On</c> add a namespace GET cached for
/// <c>Kube_Meta_Namespace_Cache_TTL</c> (default 900 s). <c>Use_Kubelet On</c> asks the local kubelet instead and
/// <c>Use_Tag_For_Meta On</c> makes no request.
/// Upstream (fluent/fluent-bit, 3.x; the reference case runs 3.2.2): plugins/filter_kubernetes/kube_meta.c
/// <c>get_api_server_info</c> (the pod GET), plugins/filter_kubernetes/kubernetes.c (config map:
/// <c>kube_meta_cache_ttl</c> default 0, <c>kube_meta_namespace_cache_ttl</c> default 15m, <c>use_kubelet</c>).
/// </summary>
public sealed class FluentBit : IAgentModel
{
    private const double PodChurnSeconds = 600;

    public string Id => "fluent-bit";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image.Contains("fluent-bit", StringComparison.Ordinal) || image.Contains("fluentbit", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var filters = new List<ConfigSection>();
        var configFound = false;
        foreach (var file in context.ConfigFiles)
        {
            if (file.Extension is ".yaml" or ".yml")
            {
                var root = ConfigDocuments.ReadMapping(file, context.Limits, notes);
                var pipeline = root?.GetMapping("pipeline");
                if (pipeline is null)
                {
                    continue;
                }

                configFound = true;
                filters.AddRange(pipeline.GetItems("filters").OfType<ManifestMapping>().Select(ToSection)
                    .Where(s => string.Equals(s.Get("name"), "kubernetes", StringComparison.OrdinalIgnoreCase)));
            }
            else if (file.Text.Contains('[', StringComparison.Ordinal))
            {
                var sections = FluentBitClassicConfig.Parse(file.Text, file.Positions);
                configFound |= sections.Any(s => s.Name is "SERVICE" or "INPUT" or "OUTPUT" or "FILTER");
                filters.AddRange(sections.Where(s => s.Name == "FILTER" && string.Equals(s.Get("Name"), "kubernetes", StringComparison.OrdinalIgnoreCase)));
            }
        }

        if (!configFound)
        {
            return new AgentAnalysis { Agent = Id, ConfigFound = false };
        }

        var patterns = new List<AccessPattern>();
        foreach (var filter in filters)
        {
            if (filter.GetBoolean("Use_Tag_For_Meta") == true)
            {
                notes.Add($"fluent-bit kubernetes filter at {filter.Position}: Use_Tag_For_Meta On, metadata from the tag only (no requests)");
                continue;
            }

            if (filter.GetBoolean("Use_Kubelet") == true)
            {
                notes.Add($"fluent-bit kubernetes filter at {filter.Position}: Use_Kubelet On, pod metadata from the local kubelet (no API server requests)");
            }
            else
            {
                var ttl = ConfigDocuments.Seconds(filter.Get("Kube_Meta_Cache_TTL")) ?? 0;
                var period = ttl > 0 ? Math.Min(ttl, PodChurnSeconds) : PodChurnSeconds;
                patterns.Add(Patterns.Get(
                    string.Empty, "pods", filter.Get("Kube_Meta_Cache_TTL") is null ? filter.Position : filter.PositionOf("Kube_Meta_Cache_TTL"),
                    $"fluent-bit kubernetes filter: GET of each new pod (cache TTL {(ttl > 0 ? ttl + "s" : "none")})", period));
            }

            if (filter.GetBoolean("Namespace_Labels") == true || filter.GetBoolean("Namespace_Annotations") == true)
            {
                var nsTtl = ConfigDocuments.Seconds(filter.Get("Kube_Meta_Namespace_Cache_TTL")) ?? 900;
                var key = filter.GetBoolean("Namespace_Labels") == true ? "Namespace_Labels" : "Namespace_Annotations";
                patterns.Add(Patterns.Get(
                    string.Empty, "namespaces", filter.PositionOf(key),
                    $"fluent-bit kubernetes filter {key}: GET of each namespace (cache TTL {nsTtl:0}s)", nsTtl > 0 ? nsTtl : PodChurnSeconds));
            }
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    private static ConfigSection ToSection(ManifestMapping mapping)
    {
        var section = new ConfigSection("FILTER", string.Empty, mapping.Position);
        foreach (var (key, value) in mapping.Entries)
        {
            if (value is ManifestScalar scalar)
            {
                section.Add(key.Value, scalar.Value, key.Position);
            }
        }

        return section;
    }
}
