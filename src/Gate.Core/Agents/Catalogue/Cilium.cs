namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// The Cilium agent (<c>cilium/cilium</c>, read in cilium/cilium daemon/k8s/resources.go <c>ResourcesCell</c> and
/// pkg/k8s/resource_ctors.go). Every agent shares one informer per resource: every Service and EndpointSlice, namespace,
/// NetworkPolicy, CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, CiliumCIDRGroup and CiliumNode of the cluster;
/// its own Node and CiliumNode (<c>metadata.name</c>) and the pods of its node (<c>spec.nodeName</c>). Without
/// CiliumEndpointSlices (<c>enable-cilium-endpoint-slice</c>) it watches every CiliumEndpoint of the cluster — one per
/// pod — and with CRD identities (<c>identity-allocation-mode: crd</c>, the default) every CiliumIdentity. Settings come
/// from the <c>cilium-config</c> ConfigMap the agent mounts (one file per key). The agent image is <c>cilium</c>, or
/// <c>cilium-distroless</c> in AKS's Azure CNI powered by Cilium (Azure/azure-container-networking
/// test/integration/manifests/cilium/v1.18, command <c>cilium-agent</c>); the cilium-envoy and init containers
/// (<c>cilium-distroless-init</c>) hold no API client.
/// </summary>
public sealed class Cilium : IAgentModel
{
    public string Id => "cilium-agent";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        var name = image[(image.LastIndexOf('/') + 1)..];
        return name is "cilium" or "cilium-distroless" or "cilium-envoy";
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Container.ImageRepository.EndsWith("cilium-envoy", StringComparison.Ordinal))
        {
            return new AgentAnalysis { Agent = "cilium-envoy" };
        }

        var origin = context.Container.ImagePosition;
        var patterns = new List<AccessPattern>();
        foreach (var (group, resource) in new[]
        {
            (string.Empty, "services"), ("discovery.k8s.io", "endpointslices"), (string.Empty, "namespaces"), ("networking.k8s.io", "networkpolicies"),
            ("cilium.io", "ciliumnetworkpolicies"), ("cilium.io", "ciliumclusterwidenetworkpolicies"), ("cilium.io", "ciliumcidrgroups"), ("cilium.io", "ciliumnodes"),
        })
        {
            patterns.AddRange(Patterns.Informer(group, resource, origin, $"cilium agent: every {resource[..^1]} of the cluster"));
        }

        patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "cilium agent: its own node", "metadata.name=$(K8S_NODE_NAME)"));
        patterns.AddRange(Patterns.Informer("cilium.io", "ciliumnodes", origin, "cilium agent: its own CiliumNode", "metadata.name=$(K8S_NODE_NAME)"));
        patterns.AddRange(Patterns.Informer(string.Empty, "pods", origin, "cilium agent: pods of its node", "spec.nodeName=$(K8S_NODE_NAME)"));
        if (!IsTrue(Setting(context, "enable-cilium-endpoint-slice")))
        {
            patterns.AddRange(Patterns.Informer("cilium.io", "ciliumendpoints", origin, "cilium agent: every CiliumEndpoint of the cluster (one per pod)"));
        }

        if ((Setting(context, "identity-allocation-mode") ?? "crd") == "crd")
        {
            patterns.AddRange(Patterns.Informer("cilium.io", "ciliumidentities", origin, "cilium agent: every CiliumIdentity (identity-allocation-mode crd)"));
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns };
    }

    /// <summary>A cilium-config key: a mounted file named after it, or a <c>--key=value</c> flag.</summary>
    private static string? Setting(AgentContext context, string key) =>
        context.ConfigFiles.FirstOrDefault(f => f.Key == key)?.Text.Trim() ?? context.Flag("--" + key)?.Value;

    private static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "TRUE" or "1";
}
