using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// OpenTelemetry eBPF Instrumentation (OBI, formerly Beyla; read in open-telemetry/opentelemetry-ebpf-instrumentation,
/// pkg/kube, for the v0.x line the charts run, v0.10–v0.11): the <c>ebpf-instrument</c> DaemonSet and its optional
/// <c>k8s-cache</c> Deployment.
/// <list type="bullet">
/// <item>Kubernetes metadata is off unless <c>attributes.kubernetes.enable</c> (or <c>OTEL_EBPF_KUBE_METADATA_ENABLE</c>)
/// is <c>true</c> or <c>autodetect</c> (pkg/kubeflags/kubeflags.go: the default is false).</item>
/// <item>Without a cache every node runs its own informers (pkg/kube/informer_provider.go <c>initLocalInformers</c>,
/// pkg/kube/kubecache/meta/informers_init.go <c>initInformers</c>): every pod, node and Service of the cluster — O(N²).
/// <c>meta_restrict_local_node</c> narrows pods to <c>spec.nodeName</c> and nodes to <c>metadata.name</c> of the own
/// node; Services stay cluster-wide. <c>disable_informers</c> drops the node or Service informer.</item>
/// <item>With <c>meta_cache_address</c> (<c>OTEL_EBPF_KUBE_META_CACHE_ADDRESS</c>) the node agent streams the metadata
/// from the k8s-cache over gRPC (<c>initRemoteInformerCacheClient</c>) and runs no informer; the k8s-cache
/// (cmd/k8s-cache/main.go, pkg/kube/kubecache/service/service.go) runs the unrestricted pod, node and Service
/// informers once per replica.</item>
/// <item>Outside AWS, Azure and GCP the host id is the Node's machine id: the agent lists pods by its host name and,
/// for a host-network pod, every node of the cluster once at start (<c>fetchNodeName</c>,
/// <c>checkLocalHostNameWithNodeName</c>; pkg/internal/pipe/global host_id.go <c>FetchHostID</c>). That depends on the
/// cloud, not on the manifest: noted, not counted.</item>
/// </list>
/// </summary>
public sealed class Obi : IAgentModel
{
    public string Id => "obi";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsAgent(context.Container.ImageRepository) || IsCache(context.Container.ImageRepository);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsCache(context.Container.ImageRepository) ? AnalyzeCache(context) : AnalyzeAgent(context);
    }

    private static bool IsAgent(string imageRepository) => imageRepository.EndsWith("/ebpf-instrument", StringComparison.Ordinal);

    private static bool IsCache(string imageRepository) => imageRepository.EndsWith("ebpf-k8s-cache", StringComparison.Ordinal);

    private static AgentAnalysis AnalyzeAgent(AgentContext context)
    {
        const string id = "obi";
        var notes = new List<string>();
        var kubernetes = context.YamlConfigs(m => m.GetMapping("attributes") is not null || m.GetMapping("discovery") is not null, notes)
            .Select(c => c.At("attributes.kubernetes")).OfType<ManifestMapping>().FirstOrDefault();
        var enable = Setting(context, kubernetes, "enable", "OTEL_EBPF_KUBE_METADATA_ENABLE")?.Trim().ToUpperInvariant();
        if (enable is not ("TRUE" or "AUTODETECT"))
        {
            notes.Add("obi: Kubernetes metadata is not enabled (attributes.kubernetes.enable defaults to false): no API server requests");
            return new AgentAnalysis { Agent = id, Notes = notes };
        }

        var origin = kubernetes?.Position ?? context.Container.ImagePosition;
        if (Setting(context, kubernetes, "meta_cache_address", "OTEL_EBPF_KUBE_META_CACHE_ADDRESS") is { Length: > 0 } cache)
        {
            return new AgentAnalysis { Agent = id, Notes = notes, FanIn = ClientFanIn(context, cache.Trim(), notes) };
        }

        var restrict = IsTrue(Setting(context, kubernetes, "meta_restrict_local_node", "OTEL_EBPF_KUBE_META_RESTRICT_LOCAL_NODE"));
        var disabled = (Setting(context, kubernetes, "disable_informers", "OTEL_EBPF_KUBE_DISABLE_INFORMERS") ?? string.Empty)
            .Split([',', ' ', '[', ']'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToUpperInvariant().TrimEnd('S'))
            .ToHashSet(StringComparer.Ordinal);
        var disabledList = kubernetes?.GetItems("disable_informers").Select(n => n.ScalarValue?.ToUpperInvariant().TrimEnd('S')).OfType<string>() ?? [];
        disabled.UnionWith(disabledList);
        var patterns = new List<AccessPattern>();
        patterns.AddRange(Patterns.Informer(string.Empty, "pods", origin,
            restrict ? "obi: pods of its own node (meta_restrict_local_node)" : "obi: every pod of the cluster", restrict ? "spec.nodeName=$(NODE_NAME)" : null));
        if (!disabled.Contains("NODE"))
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin,
                restrict ? "obi: its own node (meta_restrict_local_node)" : "obi: every node of the cluster", restrict ? "metadata.name=$(NODE_NAME)" : null));
        }

        if (!disabled.Contains("SERVICE"))
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "services", origin, "obi: every Service of the cluster"));
        }

        notes.Add(restrict
            ? "obi: meta_restrict_local_node keeps pods and nodes to the own node; the Service informer stays cluster-wide"
            : "obi without the k8s-cache: every node watches every pod, node and Service of the cluster; deploy the k8s-cache and set meta_cache_address, or set meta_restrict_local_node");
        notes.Add("obi: outside AWS, Azure and GCP each agent also lists pods by its host name at start and, in host-network pods, every node once (host id lookup); not counted");
        return new AgentAnalysis { Agent = id, Patterns = patterns, Notes = notes };
    }

    private static AgentAnalysis AnalyzeCache(AgentContext context)
    {
        var origin = context.Container.ImagePosition;
        var patterns = new List<AccessPattern>();
        foreach (var resource in new[] { "pods", "nodes", "services" })
        {
            patterns.AddRange(Patterns.Informer(string.Empty, resource, origin, $"obi k8s-cache: every {resource[..^1]} of the cluster"));
        }

        var agents = (context.Manifests?.Workloads ?? [])
            .Where(o => o.Kind == "DaemonSet" && WorkloadObject.From(o).Containers.Any(c => IsAgent(c.ImageRepository)))
            .Select(o => $"DaemonSet {o.Namespace ?? "default"}/{o.Name}")
            .ToList();
        var served = agents.Count > 0 ? string.Join(", ", agents) : "the OBI agents";
        return new AgentAnalysis
        {
            Agent = "obi-k8s-cache",
            Patterns = patterns,
            FanIn = $"proxy: serves {served} over gRPC — one set of cluster-wide informers per cache replica instead of one per node",
        };
    }

    private static string ClientFanIn(AgentContext context, string address, List<string> notes)
    {
        var cache = (context.Manifests?.Workloads ?? [])
            .Where(o => o.Kind == "Deployment" && WorkloadObject.From(o).Containers.Any(c => IsCache(c.ImageRepository)))
            .Select(WorkloadObject.From)
            .FirstOrDefault();
        if (cache is null)
        {
            notes.Add($"obi reads Kubernetes metadata from the k8s-cache at {address}, which is not in the inputs: its per-cluster requests are not counted here");
            return $"client: Kubernetes metadata streamed from the OBI k8s-cache ({address}), not in the inputs";
        }

        var replicas = cache.Replicas;
        return $"client: Kubernetes metadata streamed from the OBI k8s-cache (Deployment {cache.Object.Namespace ?? "default"}/{cache.Object.Name}, "
            + $"{replicas} {(replicas == 1 ? "replica" : "replicas")}): no informer per node";
    }

    /// <summary>An OBI setting: the environment variable when set (it overrides the file), else the YAML key.</summary>
    private static string? Setting(AgentContext context, ManifestMapping? kubernetes, string key, string env) =>
        context.EnvValue(env) ?? kubernetes?.GetString(key);

    private static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "TRUE" or "1" or "YES";
}
