namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// kube-proxy (kubernetes/kubernetes, cmd/kube-proxy/app/server.go <c>ProxyServer.Run</c>, pkg/proxy/config/config.go,
/// pkg/proxy/node.go <c>NewNodeManager</c>): informers of every Service and EndpointSlice of the cluster that it proxies
/// and of its own Node (<c>metadata.name=</c> the hostname override) for topology, node IPs and pod CIDRs. The filters
/// changed over releases:
/// <list type="bullet">
/// <item>before v1.32 one informer factory filters both with <c>!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name</c>;</item>
/// <item>v1.32 (kubernetes#126769) adds the <c>spec.clusterIP!=None</c> field selector to the Services informer, and
/// v1.33 watches ServiceCIDRs (MultiCIDRServiceAllocator, on by default) through the labelled factory;</item>
/// <item>from v1.35 (kubernetes#134623 and the read of master at 002c85b2) Services are filtered by
/// <c>!service.kubernetes.io/service-proxy-name</c> and <c>spec.clusterIP!=None</c>, EndpointSlices by
/// <c>!service.kubernetes.io/headless</c>, and ServiceCIDRs are unfiltered.</item>
/// </list>
/// An image tag without a version (a placeholder such as <c>KUBE_PROXY_VERSION</c>) gets the newest behaviour. Without
/// <c>--hostname-override</c> the node is the container's <c>spec.nodeName</c> variable (wrapper scripts such as
/// sig-windows-tools' start.ps1 pass it on), else <c>$(NODE_NAME)</c>.
/// </summary>
public sealed class KubeProxy : IAgentModel
{
    private const string NoProxyName = "!service.kubernetes.io/service-proxy-name";
    private const string NoHeadless = "!service.kubernetes.io/headless";
    private const string Combined = NoHeadless + "," + NoProxyName;
    private const string NotHeadlessService = "spec.clusterIP!=None";

    private static readonly AgentVersion ClusterIpFieldSelector = new(1, 32, 0);
    private static readonly AgentVersion ServiceCidrsByDefault = new(1, 33, 0);
    private static readonly AgentVersion SplitFilters = new(1, 35, 0);

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
        var version = AgentVersion.FromImage(context.Container.Image);
        var notes = new List<string>();
        var split = AgentVersion.AtLeast(version, SplitFilters, "kube-proxy Service and EndpointSlice filters", notes);
        var clusterIp = split || (version is not null && version >= ClusterIpFieldSelector);
        var serviceCidrs = split || (version is not null && version >= ServiceCidrsByDefault);

        var patterns = new List<AccessPattern>();
        patterns.AddRange(Patterns.Informer(string.Empty, "services", origin, "kube-proxy: every proxied service of the cluster", clusterIp ? NotHeadlessService : null, split ? NoProxyName : Combined));
        patterns.AddRange(Patterns.Informer("discovery.k8s.io", "endpointslices", origin, "kube-proxy: every proxied EndpointSlice of the cluster", labelSelector: split ? NoHeadless : Combined));
        if (serviceCidrs)
        {
            patterns.AddRange(Patterns.Informer("networking.k8s.io", "servicecidrs", origin, "kube-proxy: every ServiceCIDR (MultiCIDRServiceAllocator)", labelSelector: split ? null : Combined));
        }

        patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "kube-proxy: its own node", "metadata.name=" + NodeName(context)));
        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    private static string NodeName(AgentContext context)
    {
        if (context.Flag("--hostname-override") is { Value.Length: > 0 } flag)
        {
            return EnvReferences.Normalize(flag.Value);
        }

        return context.Container.Env.FirstOrDefault(e => e.IsNodeName) is { } env ? $"$({env.Name})" : "$(NODE_NAME)";
    }
}
