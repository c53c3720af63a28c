using Gate.Core.Manifests;
using static Gate.Core.Operators.ManifestTree;

namespace Gate.Core.Operators;

/// <summary>
/// The Datadog Operator's <c>DatadogAgent</c> (<c>datadoghq.com/v2alpha1</c>) read as the node Agent DaemonSet and the
/// Cluster Agent Deployment it creates, with the environment the catalogue's Datadog models read
/// (DataDog/datadog-operator, images 7.81.1 in <c>pkg/images/images.go</c>; the renderer's golden output
/// <c>internal/controller/testutils/renderer/testdata/golden/minimal-baseline.golden.yaml</c> shows the whole result):
/// <list type="bullet">
/// <item>Names <c>NAME-agent</c> and <c>NAME-cluster-agent</c> for the workloads and their service accounts
/// (<c>internal/controller/datadogagent/component/utils.go</c>); images <c>REGISTRY/agent</c> and
/// <c>REGISTRY/cluster-agent</c>, registry <c>spec.global.registry</c> else <c>registry.datadoghq.com</c>, or
/// <c>spec.override.nodeAgent|clusterAgent.image</c> (<c>pkg/images/images.go</c>).</item>
/// <item>The Cluster Agent runs unless <c>spec.override.clusterAgent.disabled</c>, with
/// <c>spec.override.clusterAgent.replicas</c> (default 1); the node Agent then gets
/// <c>DD_CLUSTER_AGENT_ENABLED=true</c> (<c>component/agent/default.go</c>). Both get
/// <c>DD_KUBERNETES_USE_ENDPOINT_SLICES=true</c>; the Cluster Agent <c>DD_LEADER_ELECTION=true</c>, the lease
/// <c>NAME-leader-election</c> and <c>DD_KUBE_RESOURCES_NAMESPACE</c> (<c>component/clusteragent/default.go</c>).</item>
/// <item>Features and their defaults (<c>internal/controller/datadogagent/defaults/datadogagent_default.go</c>):
/// <c>eventCollection.collectKubernetesEvents</c> (true) → <c>DD_COLLECT_KUBERNETES_EVENTS</c>,
/// <c>orchestratorExplorer.enabled</c> (true), <c>clusterChecks.enabled</c> (true), <c>admissionController.enabled</c>
/// (true), <c>kubeStateMetricsCore.enabled</c> (true): the <c>kubernetes_state_core</c> check's ConfigMap mounted into
/// the Cluster Agent's <c>conf.d/kubernetes_state_core.d</c> with the collectors of
/// <c>feature/kubernetesstatecore/configmap.go</c> (ksmCheckConfig; apiservices, customresourcedefinitions and
/// controllerrevisions as for a current Cluster Agent image), or <c>kubeStateMetricsCore.conf.configData</c>.</item>
/// <item><c>spec.override.nodeAgent.env</c>, <c>spec.override.clusterAgent.env</c> and
/// <c>spec.override.*.containers.*.env</c> are added to the containers.</item>
/// </list>
/// </summary>
public sealed class DatadogOperator : IOperatorTranslation
{
    /// <summary>The operator's current images (<c>pkg/images/images.go</c> AgentLatestVersion, ClusterAgentLatestVersion).</summary>
    internal const string DefaultVersion = "7.81.1";

    private const string DefaultRegistry = "registry.datadoghq.com";

    /// <summary>ksmCheckConfig's collectors (<c>feature/kubernetesstatecore/configmap.go</c>), without the VPA one that depends on the cluster.</summary>
    private static readonly string[] KsmCollectors =
    [
        "pods", "replicationcontrollers", "statefulsets", "nodes", "cronjobs", "jobs", "replicasets", "deployments", "configmaps",
        "services", "endpoints", "endpointslices", "daemonsets", "horizontalpodautoscalers", "poddisruptionbudgets", "limitranges",
        "resourcequotas", "secrets", "namespaces", "persistentvolumeclaims", "persistentvolumes", "ingresses", "storageclasses",
        "volumeattachments", "apiservices", "controllerrevisions", "customresourcedefinitions",
    ];

    public bool Handles(KubeObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource is { Group: "datadoghq.com", Kind: "DatadogAgent" };
    }

    public OperatorOutput? Translate(KubeObject resource, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(resource);
        reason = resource.ApiVersion.EndsWith("/v1alpha1", StringComparison.Ordinal)
            ? "datadoghq.com/v1alpha1 DatadogAgent is the retired API (the operator converts it to v2alpha1 only through its conversion webhook)"
            : null;
        if (reason is not null)
        {
            return null;
        }

        var spec = resource.Root.GetMapping("spec") ?? new ManifestMapping([], resource.Position);
        var at = spec.Position;
        var features = spec.GetMapping("features");
        var registry = spec.GetMapping("global")?.GetString("registry") is { Length: > 0 } r ? r : DefaultRegistry;
        var nodeOverride = spec.GetMapping("override")?.GetMapping("nodeAgent");
        var dcaOverride = spec.GetMapping("override")?.GetMapping("clusterAgent");
        var dcaEnabled = dcaOverride?.GetBoolean("disabled") != true;
        var name = resource.Name;
        var ns = resource.Namespace ?? "default";
        var notes = new List<string>();
        var workloads = new List<KubeObject>();
        var objects = new List<KubeObject>();

        var agentEnv = new List<ManifestNode> { Env("DD_KUBERNETES_USE_ENDPOINT_SLICES", "true", at) };
        if (dcaEnabled)
        {
            agentEnv.Add(Env("DD_CLUSTER_AGENT_ENABLED", "true", dcaOverride?.Position ?? at));
        }

        var agent = Container("agent", Image(registry, "agent", nodeOverride, at), at, [Scalar("agent", at), Scalar("run", at)], [.. agentEnv, .. OverrideEnv(nodeOverride, "agent")]);
        workloads.Add(Workload(resource, "DaemonSet", $"{name}-agent", null, Map(at, ("serviceAccountName", Scalar($"{name}-agent", at)), ("containers", Sequence(at, [agent])))));

        if (dcaEnabled)
        {
            var env = new List<ManifestNode>
            {
                Env("DD_KUBE_RESOURCES_NAMESPACE", ns, at),
                Env("DD_KUBERNETES_USE_ENDPOINT_SLICES", "true", at),
                Env("DD_LEADER_ELECTION", "true", at),
                Env("DD_LEADER_LEASE_NAME", $"{name}-leader-election", at),
            };
            env.AddRange(Feature(features, "eventCollection", "collectKubernetesEvents", "DD_COLLECT_KUBERNETES_EVENTS", at));
            env.AddRange(Feature(features, "orchestratorExplorer", "enabled", "DD_ORCHESTRATOR_EXPLORER_ENABLED", at));
            env.AddRange(Feature(features, "clusterChecks", "enabled", "DD_CLUSTER_CHECKS_ENABLED", at));
            env.AddRange(Feature(features, "admissionController", "enabled", "DD_ADMISSION_CONTROLLER_ENABLED", at));
            var mounts = new List<ManifestNode>();
            var volumes = new List<ManifestNode>();
            var ksm = features?.GetMapping("kubeStateMetricsCore");
            if (ksm?.GetBoolean("enabled") != false)
            {
                if (features?.GetMapping("clusterChecks") is { } checks && checks.GetBoolean("enabled") != false && checks.GetBoolean("useClusterChecksRunners") == true)
                {
                    notes.Add("kubeStateMetricsCore runs in the Cluster Checks Runners (clusterChecks.useClusterChecksRunners), a Deployment Gate does not build: its reflectors are not estimated");
                }
                else
                {
                    var configMap = $"{name}-kube-state-metrics-core-config";
                    var content = ksm?.GetMapping("conf")?["configData"] as ManifestScalar
                        ?? Scalar("cluster_check: false\ninit_config:\ninstances:\n  - skip_leader_election: false\n    collectors:\n" + string.Concat(KsmCollectors.Select(c => $"    - {c}\n")), ksm?.Position ?? at);
                    objects.Add(ManifestTree.ConfigMap(resource, configMap, "kubernetes_state_core.yaml.default", content));
                    mounts.Add(Mount("ksm-core-config", "/etc/datadog-agent/conf.d/kubernetes_state_core.d", at));
                    volumes.Add(ConfigMapVolume("ksm-core-config", configMap, null, at));
                }
            }

            if (features?.GetMapping("externalMetricsServer")?.GetBoolean("enabled") == true)
            {
                notes.Add("externalMetricsServer is enabled: the Cluster Agent serves external.metrics.k8s.io through an APIService (the HPA's external-metrics requests are proxied to it)");
            }

            var replicas = Integer(dcaOverride, "replicas") ?? 1;
            var dca = Container("cluster-agent", Image(registry, "cluster-agent", dcaOverride, at), at, [], [.. env, .. OverrideEnv(dcaOverride, "cluster-agent")], mounts);
            workloads.Add(Workload(
                resource,
                "Deployment",
                $"{name}-cluster-agent",
                Count(replicas, dcaOverride?.PositionOf("replicas") ?? at),
                Map(at, ("serviceAccountName", Scalar($"{name}-cluster-agent", at)), ("containers", Sequence(at, [dca])), ("volumes", Sequence(at, volumes)))));
        }

        return new OperatorOutput
        {
            Resource = resource,
            CreatedBy = $"DatadogAgent {ns}/{name} (Datadog Operator{(dcaEnabled ? ", node Agent and Cluster Agent" : ", node Agent; Cluster Agent disabled")})",
            Workloads = workloads,
            Objects = objects,
            Notes = notes,
        };
    }

    private static ManifestMapping Container(string name, ManifestScalar image, SourcePosition at, IReadOnlyList<ManifestNode> command, IReadOnlyList<ManifestNode> env, IReadOnlyList<ManifestNode>? mounts = null) =>
        Map(
            at,
            ("name", Scalar(name, at)),
            ("image", image),
            ("command", command.Count == 0 ? null : Sequence(at, command)),
            ("env", Sequence(at, env)),
            ("volumeMounts", mounts is { Count: > 0 } ? Sequence(at, mounts) : null));

    /// <summary>
    /// A feature's switch as the environment variable the operator sets: its value when the resource sets it, else the
    /// default (true for every feature read here), positioned at the switch or the features block.
    /// </summary>
    private static IEnumerable<ManifestNode> Feature(ManifestMapping? features, string feature, string key, string variable, SourcePosition at)
    {
        var block = features?.GetMapping(feature);
        var enabled = block?.GetBoolean(key) ?? true;
        yield return Env(variable, enabled ? "true" : "false", block?.PositionOf(key) ?? features?.Position ?? at);
    }

    /// <summary>The override's <c>env</c> and its container's <c>containers.NAME.env</c>.</summary>
    private static IEnumerable<ManifestNode> OverrideEnv(ManifestMapping? component, string container) =>
        [.. Items(component, "env"), .. Items(component?.GetMapping("containers")?.GetMapping(container), "env")];

    /// <summary>
    /// The override's image (<c>name</c> a full reference or a name in the registry, <c>tag</c>), else
    /// <c>REGISTRY/NAME:7.81.1</c>.
    /// </summary>
    private static ManifestScalar Image(string registry, string name, ManifestMapping? component, SourcePosition fallback)
    {
        var image = component?.GetMapping("image");
        var at = image?.Position ?? component?.Position ?? fallback;
        var given = image?.GetString("name");
        var tag = image?.GetString("tag") is { Length: > 0 } t ? t : DefaultVersion;
        if (given is { Length: > 0 } && (given.Contains('/', StringComparison.Ordinal) || given.Contains(':', StringComparison.Ordinal)))
        {
            return Scalar(given.Contains(':', StringComparison.Ordinal) ? given : $"{given}:{tag}", at);
        }

        return Scalar($"{registry}/{(given is { Length: > 0 } ? given : name)}:{tag}", at);
    }
}
