using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Datadog Cluster Agent (<c>datadog/cluster-agent</c>, <c>registry.datadoghq.com/cluster-agent</c>; read in
/// DataDog/datadog-agent for the 7.x line, the chart baseline runs 7.81.1). A Deployment: its requests count once per
/// replica, and what only the elected leader does counts once per cluster. It is the fan-in point of the node agents:
/// with <c>DD_CLUSTER_AGENT_ENABLED=true</c> they ask it for their node's service tags instead of listing every
/// endpoint themselves (see <see cref="DatadogAgent"/>).
/// <list type="bullet">
/// <item>Every replica: the shared informer factory (pkg/util/kubernetes/apiserver/apiserver.go <c>connect</c>) feeds
/// the metadata controller (pkg/util/kubernetes/apiserver/controllers/metadata_controller.go: an Endpoints informer,
/// enabled by <c>kubernetes_collect_metadata_tags</c>, default true) and, with <c>DD_CLUSTER_CHECKS_ENABLED</c>, the
/// cluster-check Services and Endpoints informers (controllers/controllers.go <c>registerServicesInformer</c>,
/// <c>registerEndpointsInformer</c>: the same Endpoints informer); workloadmeta's API server collector watches the
/// nodes the metadata controller maps. With <c>DD_ADMISSION_CONTROLLER_ENABLED</c> a Secret informer on the webhook
/// certificate (<c>metadata.name</c>, in the agent's namespace). With <c>DD_LEADER_ELECTION</c> every replica GETs the
/// lock (a ConfigMap, or a Lease) every lease duration / 4 and the leader updates it
/// (leaderelection/leaderelection_engine.go <c>newElection</c>; <c>leader_lease_duration</c> 60 s).</item>
/// <item>Leader only: the Kubernetes events check (<c>DD_COLLECT_KUBERNETES_EVENTS</c>, kubernetes_apiserver), the
/// orchestrator explorer (<c>DD_ORCHESTRATOR_EXPLORER_ENABLED</c>: pkg/collector/corechecks/cluster/orchestrator,
/// collectors/inventory/inventory.go; unassigned pods with <c>spec.nodeName=</c>, apiserver.go
/// <c>UnassignedPodInformerFactory</c>).</item>
/// <item>The <c>kubernetes_state_core</c> check the Cluster Agent runs from its <c>conf.d</c> (kube-state-metrics as a
/// library): one reflector per collector listed in the check's <c>collectors</c>, cluster-wide; counted on every
/// replica.</item>
/// </list>
/// </summary>
public sealed class DatadogClusterAgent : IAgentModel
{
    /// <summary>The stable orchestrator collectors the explorer runs by default that the cost model knows.</summary>
    private static readonly string[] OrchestratorResources =
    [
        "cronjobs", "daemonsets", "deployments", "ingresses", "jobs", "namespaces", "nodes", "persistentvolumes",
        "persistentvolumeclaims", "replicasets", "services", "statefulsets",
        "clusterroles", "clusterrolebindings", "roles", "rolebindings", "serviceaccounts",
    ];

    private static readonly Dictionary<string, string> RbacGroups = new(StringComparer.Ordinal)
    {
        ["clusterroles"] = "rbac.authorization.k8s.io", ["clusterrolebindings"] = "rbac.authorization.k8s.io",
        ["roles"] = "rbac.authorization.k8s.io", ["rolebindings"] = "rbac.authorization.k8s.io",
    };

    /// <summary>Processes of the image that make no API server requests (the init container copies the config).</summary>
    private static readonly HashSet<string> NoApiProcesses = new(StringComparer.Ordinal) { "cp", "sh", "bash", "cat" };

    public string Id => "datadog-cluster-agent";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsClusterAgent(context.Container.ImageRepository);
    }

    /// <summary>True for the Cluster Agent image (any Datadog registry or mirror).</summary>
    internal static bool IsClusterAgent(string imageRepository) =>
        imageRepository.EndsWith("/cluster-agent", StringComparison.Ordinal) && imageRepository.Contains("datadog", StringComparison.Ordinal);

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var first = context.Arguments.FirstOrDefault();
        if (context.Container.IsInit || (first is not null && NoApiProcesses.Contains(first[(first.LastIndexOf('/') + 1)..])))
        {
            return new AgentAnalysis { Agent = Id };
        }

        var origin = context.Container.ImagePosition;
        var notes = new List<string>();
        var patterns = new List<AccessPattern>();
        var clusterChecks = IsTrue(context.EnvValue("DD_CLUSTER_CHECKS_ENABLED"));
        if (context.EnvValue("DD_KUBERNETES_COLLECT_METADATA_TAGS") is not { } meta || IsTrue(meta) || clusterChecks)
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "endpoints", origin, "datadog cluster agent: metadata controller and cluster checks, every Endpoints object"));
            patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "datadog cluster agent: workloadmeta node informer for the metadata controller"));
        }

        if (clusterChecks)
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "services", EnvOrigin(context, "DD_CLUSTER_CHECKS_ENABLED"), "datadog cluster agent: cluster checks, every Service"));
        }

        if (IsTrue(context.EnvValue("DD_ADMISSION_CONTROLLER_ENABLED")))
        {
            var secret = context.EnvValue("DD_ADMISSION_CONTROLLER_CERTIFICATE_SECRET_NAME") ?? "webhook-certificate";
            patterns.AddRange(Patterns.Informer(
                string.Empty, "secrets", EnvOrigin(context, "DD_ADMISSION_CONTROLLER_ENABLED"), $"datadog cluster agent: admission controller certificate Secret {secret}",
                "metadata.name=" + secret, ns: ResourcesNamespace(context)));
        }

        patterns.AddRange(LeaderElection(context));
        var leader = new List<AccessPattern>();
        if (IsTrue(context.EnvValue("DD_COLLECT_KUBERNETES_EVENTS")))
        {
            leader.AddRange(Patterns.Informer(string.Empty, "events", EnvOrigin(context, "DD_COLLECT_KUBERNETES_EVENTS"), "datadog cluster agent: kubernetes_apiserver events check, every event"));
        }

        if (IsTrue(context.EnvValue("DD_ORCHESTRATOR_EXPLORER_ENABLED")))
        {
            var explorer = EnvOrigin(context, "DD_ORCHESTRATOR_EXPLORER_ENABLED");
            foreach (var resource in OrchestratorResources)
            {
                var group = RbacGroups.TryGetValue(resource, out var g) ? g : ResourceGroups.Of(resource);
                leader.AddRange(Patterns.Informer(group, resource, explorer, $"datadog cluster agent: orchestrator explorer, every {resource}"));
            }

            leader.AddRange(Patterns.Informer(string.Empty, "pods", explorer, "datadog cluster agent: orchestrator explorer, unassigned pods", "spec.nodeName="));
        }

        patterns.AddRange(leader.Select(p => p with { Replicas = 1, LeaderElected = true, Reason = p.Reason + ", only in the elected leader" }));
        patterns.AddRange(KubeStateCore(context, notes));
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns = patterns,
            Notes = notes,
            FanIn = $"proxy: serves the node agents' cluster metadata ({Served(context)}) — one set of cluster-wide watches per Cluster Agent replica instead of an Endpoints list per node",
        };
    }

    /// <summary>
    /// The client side of the fan-in, for a node agent with <c>DD_CLUSTER_AGENT_ENABLED=true</c>: names the Cluster Agent
    /// Deployment when the inputs hold it.
    /// </summary>
    internal static string ClientFanIn(AgentContext context, ICollection<string> notes)
    {
        var dca = (context.Manifests?.Workloads ?? [])
            .Where(o => o.Kind == "Deployment" && WorkloadObject.From(o).Containers.Any(c => IsClusterAgent(c.ImageRepository)))
            .Select(WorkloadObject.From)
            .FirstOrDefault();
        if (dca is null)
        {
            notes.Add("datadog agent reads cluster metadata through the Cluster Agent, which is not in the inputs: its per-cluster requests are not counted here");
            return "client: node metadata read through the Datadog Cluster Agent, not in the inputs";
        }

        var replicas = dca.Replicas;
        return $"client: node metadata read through the Datadog Cluster Agent (Deployment {dca.Object.Namespace ?? "default"}/{dca.Object.Name}, "
            + $"{replicas} {(replicas == 1 ? "replica" : "replicas")}): no Endpoints list per node";
    }

    /// <summary>True when the inputs hold a Cluster Agent Deployment.</summary>
    internal static bool InInputs(AgentContext context) =>
        (context.Manifests?.Workloads ?? []).Any(o => o.Kind == "Deployment" && WorkloadObject.From(o).Containers.Any(c => IsClusterAgent(c.ImageRepository)));

    private static string Served(AgentContext context)
    {
        var nodes = (context.Manifests?.Workloads ?? [])
            .Where(o => o.Kind == "DaemonSet" && WorkloadObject.From(o).Containers.Any(c => c.ImageRepository.EndsWith("/agent", StringComparison.Ordinal) && c.ImageRepository.Contains("datadog", StringComparison.Ordinal)))
            .Select(o => $"DaemonSet {o.Namespace ?? "default"}/{o.Name}")
            .ToList();
        return nodes.Count > 0 ? string.Join(", ", nodes) : "the node agents";
    }

    /// <summary>
    /// Leader election (leaderelection_engine.go): every replica GETs the lock every lease duration / 4 and the leader
    /// renews it. The lock is a ConfigMap with <c>DD_LEADER_ELECTION_DEFAULT_RESOURCE=configmap</c>, else a Lease.
    /// </summary>
    private static IEnumerable<AccessPattern> LeaderElection(AgentContext context)
    {
        if (!IsTrue(context.EnvValue("DD_LEADER_ELECTION")))
        {
            yield break;
        }

        var lease = ConfigDocuments.Seconds(context.EnvValue("DD_LEADER_LEASE_DURATION")) ?? 60;
        var retry = lease / 4;
        var configMap = context.EnvValue("DD_LEADER_ELECTION_DEFAULT_RESOURCE")?.Trim() is "configmap" or "configmaps";
        var (group, resource) = configMap ? (string.Empty, "configmaps") : ("coordination.k8s.io", "leases");
        var name = context.EnvValue("DD_LEADER_LEASE_NAME") ?? "datadog-leader-election";
        var get = Patterns.Get(group, resource, EnvOrigin(context, "DD_LEADER_ELECTION"), $"datadog cluster agent leader election: GET of {resource} {name} every {retry:0.#}s", retry, PatternScope.Object);
        yield return get;
        yield return get with { Verb = ApiVerb.Update, Replicas = 1, LeaderElected = true, Reason = $"datadog cluster agent leader election: the leader renews {resource} {name} every {retry:0.#}s" };
    }

    /// <summary>
    /// The kubernetes_state_core check in the Cluster Agent's conf.d (pkg/collector/corechecks/cluster/ksm): a
    /// kube-state-metrics reflector per collector, cluster-wide.
    /// </summary>
    private static IEnumerable<AccessPattern> KubeStateCore(AgentContext context, List<string> notes)
    {
        var files = context.ConfigFiles.Where(f => f.ContainerPath.Contains("kubernetes_state_core.d/", StringComparison.Ordinal)).ToList();
        foreach (var file in files)
        {
            var config = ConfigDocuments.ReadMapping(file, context.Limits, notes);
            foreach (var instance in config?.GetItems("instances").OfType<ManifestMapping>() ?? [])
            {
                foreach (var item in instance.GetItems("collectors"))
                {
                    if (item.ScalarValue is not { Length: > 0 } resource)
                    {
                        continue;
                    }

                    foreach (var p in Patterns.Informer(KubeStateMetrics.GroupOf(resource), resource, item.Position, $"datadog cluster agent kubernetes_state_core check: {resource} reflector"))
                    {
                        yield return p;
                    }
                }
            }
        }
    }

    private static string ResourcesNamespace(AgentContext context) =>
        context.EnvValue("DD_KUBE_RESOURCES_NAMESPACE") ?? context.Workload.Object.Namespace ?? "default";

    private static SourcePosition EnvOrigin(AgentContext context, string name) =>
        context.Container.FindEnv(name)?.Position ?? context.Container.ImagePosition;

    private static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "TRUE" or "1" or "YES";
}
