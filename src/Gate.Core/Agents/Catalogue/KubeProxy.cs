namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// kube-proxy (kubernetes/kubernetes, cmd/kube-proxy/app/server.go <c>ProxyServer.Run</c>, pkg/proxy/config/config.go):
/// informers of every Service and EndpointSlice of the cluster, without the headless and foreign-proxy ones
/// (label selector <c>!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name</c>), and an informer
/// of its own Node (<c>metadata.name=</c> the hostname override or node name) for topology and the node's pod CIDRs.
/// </summary>
public sealed class KubeProxy : IAgentModel
{
    private const string ProxyLabels = "!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name";

    public string Id => "kube-proxy";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image[(image.LastIndexOf('/') + 1)..] is "kube-proxy" or "kube-proxy-amd64" or "kube-proxy-arm64";
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Container.ImagePosition;
        var node = context.Flag("--hostname-override") is { Value.Length: > 0 } h ? EnvReferences.Normalize(h.Value) : "$(NODE_NAME)";
        var patterns = new List<AccessPattern>();
        patterns.AddRange(Patterns.Informer(string.Empty, "services", origin, "kube-proxy: every proxied service of the cluster", labelSelector: ProxyLabels));
        patterns.AddRange(Patterns.Informer("discovery.k8s.io", "endpointslices", origin, "kube-proxy: every proxied EndpointSlice of the cluster", labelSelector: ProxyLabels));
        patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "kube-proxy: its own node", "metadata.name=" + node));
        return new AgentAnalysis { Agent = Id, Patterns = patterns };
    }
}
