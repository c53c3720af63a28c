using System.Globalization;
using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Calico (projectcalico/calico, read at v3.32.1): <c>calico/node</c> (felix, confd/BIRD, the node services) and
/// <c>calico/typha</c>, the fan-in proxy between them and the API server.
/// <list type="bullet">
/// <item>With the Kubernetes datastore (<c>DATASTORE_TYPE=kubernetes</c>) and no Typha, every calico-node runs the
/// felix syncer itself (libcalico-go/lib/backend/syncersv1/felixsyncer/felixsyncerv1.go <c>New</c>): a list (revision
/// 0, libcalico-go/lib/backend/watchersyncer/watchercache.go) and a watch of every node, pod (workload endpoints),
/// namespace and service account (profiles), Kubernetes network policy, service and EndpointSlice of the cluster,
/// plus the Calico resources — O(N²) over a fleet. With the BIRD backend confd runs the BGP syncer too
/// (syncersv1/bgpsyncer/bgpsyncer.go: every node again), and the tunnel-address allocator watches its own node
/// (syncersv1/tunnelipsyncer/tunnelipsyncer.go).</item>
/// <item>With Typha (<c>FELIX_TYPHAK8SSERVICENAME</c> naming a Service, not <c>none</c>; or <c>FELIX_TYPHAADDR</c>) felix,
/// confd and the allocator connect to Typha (felix/daemon/daemon.go, confd/pkg/backends/calico/client.go); the node
/// only lists the Typha EndpointSlices at start (typha/pkg/discovery/discovery.go). Typha runs the felix, BGP,
/// tunnel-address and node-status syncers once per replica (typha/pkg/daemon/daemon.go) and, with
/// <c>TYPHA_CONNECTIONREBALANCINGMODE=kubernetes</c>, lists its own EndpointSlices every 30 s
/// (typha/pkg/k8s/lookup.go).</item>
/// <item>Either way each node GETs its Node at start and updates it (node/pkg/lifecycle/startup/startup.go); with a
/// networking backend other than <c>none</c> monitor-addresses GETs it every <c>AUTODETECT_POLL_INTERVAL</c> (60 s,
/// node/pkg/nodeservices/nodeservices.go); with <c>FELIX_BPFENABLED=true</c> felix's kube-proxy replacement keeps
/// its own Service and EndpointSlice informers, Typha or not (felix/bpf/proxy/proxy.go).</item>
/// <item>With the etcd datastore felix and confd read etcd, not the API server.</item>
/// </list>
/// </summary>
public sealed class Calico : IAgentModel
{
    private const string CalicoGroup = "crd.projectcalico.org";

    private const string ProxyLabels = "!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name";

    /// <summary>The Calico resources the felix syncer watches (felixsyncerv1.go), ipamblocks aside.</summary>
    private static readonly string[] FelixCalicoResources =
    [
        "clusterinformations", "felixconfigurations", "globalnetworkpolicies", "stagedglobalnetworkpolicies", "globalnetworksets",
        "ippools", "networkpolicies", "stagednetworkpolicies", "stagedkubernetesnetworkpolicies", "networksets", "tiers",
        "hostendpoints", "bgpconfigurations", "bgppeers",
    ];

    /// <summary>The Kubernetes resources the felix syncer watches with the Kubernetes datastore.</summary>
    private static readonly (string Group, string Resource, string Why)[] FelixKubernetesResources =
    [
        (string.Empty, "nodes", "Calico nodes"), (string.Empty, "pods", "workload endpoints"), (string.Empty, "namespaces", "profiles"),
        (string.Empty, "serviceaccounts", "profiles"), ("networking.k8s.io", "networkpolicies", "Kubernetes network policies"),
        ("policy.networking.k8s.io", "clusternetworkpolicies", "cluster network policies"),
        ("discovery.k8s.io", "endpointslices", "service endpoints for policy"), (string.Empty, "services", "services for policy"),
    ];

    /// <summary>The Calico resources the BGP syncer watches besides nodes (bgpsyncer.go).</summary>
    private static readonly string[] BgpCalicoResources = ["ippools", "bgpconfigurations", "bgppeers", "bgpfilters"];

    public string Id => "calico";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsNode(context.Container.ImageRepository) || IsTypha(context.Container.ImageRepository);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsTypha(context.Container.ImageRepository) ? AnalyzeTypha(context) : AnalyzeNode(context);
    }

    /// <summary>True for Calico's node image (<c>calico/node</c>, any registry or mirror).</summary>
    internal static bool IsNode(string imageRepository) => imageRepository.EndsWith("calico/node", StringComparison.Ordinal);

    /// <summary>True for Calico's Typha image.</summary>
    internal static bool IsTypha(string imageRepository) => imageRepository.EndsWith("calico/typha", StringComparison.Ordinal);

    private static AgentAnalysis AnalyzeNode(AgentContext context)
    {
        const string id = "calico-node";
        var origin = context.Container.ImagePosition;
        var datastore = context.EnvValue("DATASTORE_TYPE") ?? "etcdv3";
        if (!datastore.Equals("kubernetes", StringComparison.OrdinalIgnoreCase))
        {
            return new AgentAnalysis
            {
                Agent = id,
                Notes = [$"calico-node: DATASTORE_TYPE={datastore}: felix and confd read etcd, not the API server"],
            };
        }

        var backend = context.EnvValue("CALICO_NETWORKING_BACKEND") ?? "bird";
        var usePodCidr = IsTrue(context.EnvValue("USE_POD_CIDR"));
        var typhaService = context.EnvValue("FELIX_TYPHAK8SSERVICENAME");
        var typhaAddress = context.EnvValue("FELIX_TYPHAADDR");
        var viaTypha = !string.IsNullOrWhiteSpace(typhaAddress) || (!string.IsNullOrWhiteSpace(typhaService) && typhaService.Trim() != "none");
        var patterns = new List<AccessPattern>();
        var notes = new List<string>();
        string? fanIn = null;
        if (viaTypha)
        {
            if (string.IsNullOrWhiteSpace(typhaAddress))
            {
                var ns = context.EnvValue("FELIX_TYPHAK8SNAMESPACE") ?? "kube-system";
                patterns.Add(Patterns.List(
                    "discovery.k8s.io", "endpointslices", EnvOrigin(context, "FELIX_TYPHAK8SSERVICENAME"),
                    $"calico-node: Typha discovery lists the EndpointSlices of Service {ns}/{typhaService!.Trim()} at start",
                    null, labelSelector: "kubernetes.io/service-name=" + typhaService.Trim(), ns: ns));
            }

            fanIn = ClientFanIn(context, typhaService?.Trim(), backend == "bird" ? "felix, confd and the tunnel-address allocator" : "felix and the tunnel-address allocator", notes);
        }
        else
        {
            patterns.AddRange(FelixSyncer(origin, usePodCidr, "calico-node felix"));
            if (backend == "bird")
            {
                patterns.AddRange(BgpSyncer(origin, usePodCidr, "calico-node confd"));
            }

            patterns.AddRange(Patterns.Informer(CalicoGroup, "ippools", origin, "calico-node tunnel-address allocator: IP pools"));
            patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "calico-node tunnel-address allocator: its own node", "metadata.name=$(NODENAME)"));
            notes.Add("calico-node without Typha: every node lists and watches every pod, node and service of the cluster; "
                + "deploy Typha (calico-typha.yaml, FELIX_TYPHAK8SSERVICENAME) so that a few replicas watch for all nodes");
        }

        patterns.Add(Patterns.Get(string.Empty, "nodes", origin, "calico-node start-up: GET of its own node", null, PatternScope.Object));
        patterns.Add(new AccessPattern
        {
            Verb = ApiVerb.Update, Resource = "nodes", Scope = PatternScope.Object, Origin = origin,
            Reason = "calico-node start-up: updates its own node (addresses, annotations)",
        });
        if (backend != "none")
        {
            var poll = GoDurationSeconds(context.EnvValue("AUTODETECT_POLL_INTERVAL")) ?? 60;
            patterns.Add(Patterns.Get(string.Empty, "nodes", EnvOrigin(context, "AUTODETECT_POLL_INTERVAL"),
                $"calico-node monitor-addresses: GET of its own node every {poll:0} s", poll, PatternScope.Object));
        }

        if (IsTrue(context.EnvValue("FELIX_BPFENABLED")))
        {
            var bpf = EnvOrigin(context, "FELIX_BPFENABLED");
            patterns.AddRange(Patterns.Informer(string.Empty, "services", bpf, "calico-node felix eBPF kube-proxy replacement: services", labelSelector: ProxyLabels));
            patterns.AddRange(Patterns.Informer("discovery.k8s.io", "endpointslices", bpf, "calico-node felix eBPF kube-proxy replacement: EndpointSlices", labelSelector: ProxyLabels));
        }

        return new AgentAnalysis { Agent = id, Patterns = patterns, Notes = notes, FanIn = fanIn };
    }

    private static AgentAnalysis AnalyzeTypha(AgentContext context)
    {
        const string id = "calico-typha";
        var origin = context.Container.ImagePosition;
        var datastore = context.EnvValue("TYPHA_DATASTORETYPE") ?? "etcdv3";
        if (!datastore.Equals("kubernetes", StringComparison.OrdinalIgnoreCase))
        {
            return new AgentAnalysis { Agent = id, Notes = [$"calico-typha: TYPHA_DATASTORETYPE={datastore}: Typha reads etcd, not the API server"] };
        }

        var usePodCidr = IsTrue(context.EnvValue("USE_POD_CIDR"));
        var patterns = new List<AccessPattern>();
        patterns.AddRange(FelixSyncer(origin, usePodCidr, "calico-typha felix syncer"));
        patterns.AddRange(BgpSyncer(origin, usePodCidr, "calico-typha BGP syncer"));
        patterns.AddRange(Patterns.Informer(CalicoGroup, "ippools", origin, "calico-typha tunnel-address syncer: IP pools"));
        patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "calico-typha tunnel-address syncer: every node"));
        patterns.AddRange(Patterns.Informer(CalicoGroup, "caliconodestatuses", origin, "calico-typha node-status syncer"));
        if (context.EnvValue("TYPHA_CONNECTIONREBALANCINGMODE") == "kubernetes")
        {
            var ns = context.EnvValue("TYPHA_K8SNAMESPACE") ?? "kube-system";
            var service = context.EnvValue("TYPHA_K8SSERVICENAME") ?? "calico-typha";
            var poll = double.TryParse(context.EnvValue("TYPHA_K8SSERVICEPOLLINTERVALSECS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 30;
            patterns.Add(Patterns.List(
                "discovery.k8s.io", "endpointslices", EnvOrigin(context, "TYPHA_CONNECTIONREBALANCINGMODE"),
                $"calico-typha connection rebalancing: lists its own EndpointSlices every {poll:0} s", poll,
                labelSelector: "kubernetes.io/service-name=" + service, ns: ns));
        }

        var nodes = (context.Manifests?.Workloads ?? [])
            .Where(o => o.Kind == "DaemonSet" && WorkloadObject.From(o).Containers.Any(c => IsNode(c.ImageRepository)))
            .Select(o => $"DaemonSet {o.Namespace ?? "default"}/{o.Name}")
            .ToList();
        var served = nodes.Count > 0 ? string.Join(", ", nodes) : "the calico-node agents";
        return new AgentAnalysis
        {
            Agent = id,
            Patterns = patterns,
            FanIn = $"proxy: serves {served} — one set of cluster-wide watches per Typha replica instead of one per node",
        };
    }

    /// <summary>The client side of the fan-in: names the Typha Deployment when the inputs hold it.</summary>
    private static string ClientFanIn(AgentContext context, string? service, string clients, List<string> notes)
    {
        var typha = (context.Manifests?.Workloads ?? [])
            .Where(o => o.Kind == "Deployment" && WorkloadObject.From(o).Containers.Any(c => IsTypha(c.ImageRepository)))
            .Select(WorkloadObject.From)
            .FirstOrDefault();
        if (typha is null)
        {
            notes.Add($"calico-node reads through Typha{(service is null ? string.Empty : $" (Service {service})")}, which is not in the inputs: its per-cluster requests are not counted here");
            return $"client: {clients} read through Typha{(service is null ? string.Empty : $" (Service {service})")}, not in the inputs";
        }

        var obj = typha.Object;
        var replicas = typha.Replicas;
        return $"client: {clients} read through Typha (Deployment {obj.Namespace ?? "default"}/{obj.Name}, "
            + $"{replicas} {(replicas == 1 ? "replica" : "replicas")}): every node's watches are served by {replicas} {(replicas == 1 ? "copy" : "copies")}";
    }

    private static IEnumerable<AccessPattern> FelixSyncer(SourcePosition? origin, bool usePodCidr, string who)
    {
        foreach (var resource in FelixCalicoResources.Concat(usePodCidr ? [] : ["ipamblocks"]))
        {
            foreach (var p in Patterns.Informer(CalicoGroup, resource, origin, $"{who}: {resource}"))
            {
                yield return p;
            }
        }

        foreach (var (group, resource, why) in FelixKubernetesResources)
        {
            foreach (var p in Patterns.Informer(group, resource, origin, $"{who}: every {resource[..^1]} of the cluster ({why})"))
            {
                yield return p;
            }
        }
    }

    private static IEnumerable<AccessPattern> BgpSyncer(SourcePosition? origin, bool usePodCidr, string who)
    {
        var resources = BgpCalicoResources.Select(r => (CalicoGroup, r)).Prepend((string.Empty, "nodes"));
        foreach (var (group, resource) in resources.Concat(usePodCidr ? [] : [(CalicoGroup, "blockaffinities")]))
        {
            foreach (var p in Patterns.Informer(group, resource, origin, $"{who}: {resource}"))
            {
                yield return p;
            }
        }
    }

    private static SourcePosition EnvOrigin(AgentContext context, string name) =>
        context.Container.FindEnv(name)?.Position ?? context.Container.ImagePosition;

    private static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "TRUE" or "1" or "YES";

    /// <summary>A Go duration such as <c>60s</c>, <c>5m</c> or <c>1h30m</c> in seconds; null when unset or unreadable.</summary>
    internal static double? GoDurationSeconds(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        double total = 0;
        var text = value.Trim();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            if (start == unitStart || !double.TryParse(text[start..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            var factor = text[unitStart..i] switch { "h" => 3600.0, "m" => 60.0, "s" => 1.0, "ms" => 0.001, _ => double.NaN };
            if (double.IsNaN(factor))
            {
                return null;
            }

            total += number * factor;
        }

        return total > 0 ? total : null;
    }
}
