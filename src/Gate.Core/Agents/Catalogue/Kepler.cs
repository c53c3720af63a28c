using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Kepler, the power exporter (sustainable-computing-io/kepler, read at v0.11.4). With <c>kube.enabled</c>
/// (<c>--kube.enable</c>) it maps processes to pods: <c>kube.podInformer.mode: kubelet</c> (the default,
/// cmd/kepler/main.go <c>createPodInformer</c>) polls the kubelet, not the API server; <c>apiserver</c> runs a
/// controller-runtime informer of the pods of its own node (internal/k8s/pod/pod.go, <c>spec.nodeName</c> field selector).
/// </summary>
public sealed class Kepler : IAgentModel
{
    public string Id => "kepler";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image[(image.LastIndexOf('/') + 1)..] == "kepler";
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var configs = context.YamlConfigs(r => r["kube"] is not null || r["log"] is not null, notes);
        var kube = configs.Select(c => c.GetMapping("kube")).OfType<ManifestMapping>().FirstOrDefault();
        var enabled = context.HasFlag("--kube.enable") || kube?.GetString("enabled") == "true";
        var mode = kube?.GetMapping("podInformer")?.GetString("mode") ?? "kubelet";
        if (!enabled || mode != "apiserver")
        {
            return new AgentAnalysis { Agent = Id, Notes = notes };
        }

        var node = context.Flag("--kube.node-name") is { Value.Length: > 0 } n ? "spec.nodeName=" + EnvReferences.Normalize(n.Value) : null;
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns = Patterns.Informer(string.Empty, "pods", context.Container.ImagePosition, "kepler apiserver pod informer: pods of its own node", node),
            Notes = notes,
        };
    }
}
