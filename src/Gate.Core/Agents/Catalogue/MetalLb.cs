namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// MetalLB's speaker (metallb/metallb). Two client generations:
/// <list type="bullet">
/// <item>v0.13 and later (read at v0.16.1). internal/k8s/k8s.go <c>New</c> starts a controller-runtime manager whose
/// cache narrows only MetalLB's configuration resources, ServiceBGPStatuses, Secrets and ConfigMaps to its namespace;
/// the config, pool, node and service reconcilers (internal/k8s/controllers) keep cluster-wide informers of nodes,
/// namespaces, services and (with <c>ReadEndpoints</c>, speaker/main.go) EndpointSlices on every node, and the
/// ConfigurationState and ServiceL2Status informers are cluster-wide too. <c>New</c> GETs the speaker's own pod once;
/// with <c>METALLB_BGP_TYPE=frr-k8s</c> it also watches FRRConfigurations. Earlier controller-runtime releases lack
/// parts of this: the namespaces informer comes with v0.13.12, ServiceL2Statuses and the own-pod GET with v0.14.6,
/// ConfigurationStates with v0.15.3 (read at those tags).</item>
/// <item>Before v0.13 (read at v0.12.1), client-go informers in internal/k8s/k8s.go <c>New</c>: every Service and every
/// Endpoints object of the cluster (EndpointSlices only through <c>discovery.k8s.io/v1beta1</c>, which Kubernetes
/// serves up to v1.24), the configuration ConfigMap by name (<c>--config</c>, default <c>config</c>) and its own Node.</item>
/// </list>
/// In both, memberlist (internal/speakerlist/speakerlist.go, enabled when <c>METALLB_ML_LABELS</c> and
/// <c>METALLB_ML_BIND_ADDR</c> are set) lists the speaker pods of its namespace by label (<c>Client.PodIPs</c>: no
/// resourceVersion, no limit) at start and every 5 minutes from every node.
/// </summary>
public sealed class MetalLb : IAgentModel
{
    private const double MemberlistRefreshSeconds = 300;

    private static readonly AgentVersion ControllerRuntime = new(0, 13, 0);
    private static readonly AgentVersion NamespaceSelectors = new(0, 13, 12);
    private static readonly AgentVersion StatusResources = new(0, 14, 6);
    private static readonly AgentVersion ConfigurationStates = new(0, 15, 3);

    private static readonly string[] OwnResources =
        ["ipaddresspools", "l2advertisements", "bgpadvertisements", "bgppeers", "bfdprofiles", "communities", "servicebgpstatuses"];

    public string Id => "metallb-speaker";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Container.ImageRepository.EndsWith("metallb/speaker", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ns = context.Workload.Object.Namespace ?? "metallb-system";
        var version = AgentVersion.FromImage(context.Container.Image);
        var patterns = version is not null && version < ControllerRuntime
            ? ClientGo(context, ns)
            : ControllerRuntimeCache(context, ns, version);
        var labels = Setting(context, "--ml-labels", "METALLB_ML_LABELS");
        if (!string.IsNullOrEmpty(labels) && (context.HasFlag("--ml-bindaddr") || context.Container.FindEnv("METALLB_ML_BIND_ADDR") is not null))
        {
            patterns.Add(Patterns.List(string.Empty, "pods", context.Container.ImagePosition, "metallb speaker memberlist: the speaker pods of its namespace, every 5 minutes", MemberlistRefreshSeconds, labelSelector: labels, ns: ns));
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns };
    }

    private static List<AccessPattern> ControllerRuntimeCache(AgentContext context, string ns, AgentVersion? version)
    {
        var origin = context.Container.ImagePosition;
        bool From(AgentVersion since) => version is null || version >= since;
        var clusterWide = new List<(string Group, string Resource)> { (string.Empty, "nodes"), (string.Empty, "services"), ("discovery.k8s.io", "endpointslices") };
        if (From(NamespaceSelectors))
        {
            clusterWide.Add((string.Empty, "namespaces"));
        }

        if (From(StatusResources))
        {
            clusterWide.Add(("metallb.io", "servicel2statuses"));
        }

        if (From(ConfigurationStates))
        {
            clusterWide.Add(("metallb.io", "configurationstates"));
        }

        var patterns = new List<AccessPattern>();
        foreach (var (group, resource) in clusterWide)
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

        if (context.EnvValue("METALLB_BGP_TYPE") == "frr-k8s")
        {
            patterns.AddRange(Patterns.Informer("frrk8s.metallb.io", "frrconfigurations", origin, "metallb speaker (frr-k8s): every FRRConfiguration of the cluster"));
        }

        if (From(StatusResources))
        {
            patterns.Add(Patterns.Get(string.Empty, "pods", origin, "metallb speaker: its own pod, once, for owner references", null, PatternScope.Object));
        }

        return patterns;
    }

    private static List<AccessPattern> ClientGo(AgentContext context, string ns)
    {
        var origin = context.Container.ImagePosition;
        var node = Setting(context, "--node-name", "METALLB_NODE_NAME") ?? "$(METALLB_NODE_NAME)";
        var config = Setting(context, "--config", null) ?? "config";
        var patterns = new List<AccessPattern>();
        patterns.AddRange(Patterns.Informer(string.Empty, "services", origin, "metallb speaker (before v0.13): every service of the cluster"));
        patterns.AddRange(Patterns.Informer(string.Empty, "endpoints", origin, "metallb speaker (before v0.13): every Endpoints object of the cluster (EndpointSlices only through discovery.k8s.io/v1beta1, gone since Kubernetes v1.25)"));
        patterns.AddRange(Patterns.Informer(string.Empty, "configmaps", origin, "metallb speaker (before v0.13): its configuration ConfigMap", "metadata.name=" + config, ns: ns));
        patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "metallb speaker (before v0.13): its own node", "metadata.name=" + node));
        return patterns;
    }

    /// <summary>A speaker setting: its flag, else the environment variable the flag defaults to (fieldRefs as <c>$(VAR)</c>).</summary>
    private static string? Setting(AgentContext context, string flag, string? env)
    {
        if (context.Flag(flag) is { Value.Length: > 0 } f)
        {
            return EnvReferences.Normalize(f.Value);
        }

        if (env is null || context.Container.FindEnv(env) is not { } variable)
        {
            return null;
        }

        return context.EnvValue(env) ?? (variable.FieldPath is not null ? $"$({env})" : null);
    }
}
