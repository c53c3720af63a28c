namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// MetalLB's speaker (metallb/metallb, read at v0.16.1). internal/k8s/k8s.go starts a controller-runtime manager whose
/// cache narrows only MetalLB's own resources, Secrets and ConfigMaps to its namespace; the config, node and service
/// reconcilers (internal/k8s/controllers) keep cluster-wide informers of nodes, namespaces, services and (with
/// <c>ReadEndpoints</c>, speaker/main.go) EndpointSlices on every node. Memberlist traffic goes between the speakers.
/// </summary>
public sealed class MetalLb : IAgentModel
{
    private static readonly string[] OwnResources =
        ["ipaddresspools", "l2advertisements", "bgpadvertisements", "bgppeers", "bfdprofiles", "communities", "servicebgpstatuses", "servicel2statuses", "configurationstates"];

    public string Id => "metallb-speaker";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Container.ImageRepository.EndsWith("metallb/speaker", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Container.ImagePosition;
        var ns = context.Workload.Object.Namespace ?? "metallb-system";
        var patterns = new List<AccessPattern>();
        foreach (var (group, resource) in new[] { (string.Empty, "nodes"), (string.Empty, "namespaces"), (string.Empty, "services"), ("discovery.k8s.io", "endpointslices") })
        {
            patterns.AddRange(Patterns.Informer(group, resource, origin, $"metallb speaker: every {resource[..^1]} of the cluster"));
        }

        foreach (var resource in new[] { "secrets", "configmaps" })
        {
            patterns.AddRange(Patterns.Informer(string.Empty, resource, origin, $"metallb speaker: {resource} of its namespace", ns: ns));
        }

        foreach (var resource in OwnResources)
        {
            patterns.AddRange(Patterns.Informer("metallb.io", resource, origin, $"metallb speaker: {resource} of its namespace", ns: ns));
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns };
    }
}
