using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Falco. Versions up to 0.36 with the legacy client (<c>-k URL</c> / <c>--k8s-api</c>) list then watch (no
/// resourceVersion) nodes, namespaces, services, replicationcontrollers, deployments, replicasets and
/// Pending/Running pods (<c>status.phase</c> field selector) on every node; <c>--k8s-node NAME</c> adds
/// <c>spec.nodeName=NAME</c> to the pod selector. Without <c>-k</c> (0.37+: the k8smeta plugin talks to the
/// k8s-metacollector over gRPC) a Falco pod makes no API server requests.
/// Upstream: falcosecurity/libs userspace/libsinsp/k8s.cpp, k8s_component.cpp and the k8s_*_handler.cpp files (the
/// legacy client Falco 0.36.x links, removed for 0.37); falcosecurity/plugins plugins/k8smeta/src/plugin.cpp and
/// grpc_client.cpp (0.37+: metadata from the k8s-metacollector, no API client in the Falco pod).
/// The chart's <c>falco-driver-loader</c> init container (Falco 0.38+ images, falcoctl inside) GETs the Falco
/// ConfigMap once at start when <c>FALCOCTL_DRIVER_CONFIG_NAMESPACE</c> and <c>FALCOCTL_DRIVER_CONFIG_CONFIGMAP</c>
/// are set: falcosecurity/falco docker/driver-loader/docker-entrypoint.sh (every run but <c>--clean</c>,
/// <c>--print-env</c>, <c>--help</c> calls <c>falcoctl driver config</c>), falcosecurity/falcoctl
/// cmd/driver/config/config.go (<c>update-falco</c> default true; with a namespace, <c>IsRunningInDriverModeK8S</c>
/// GETs the ConfigMap; the choice is written to a local config.d file, not back to the ConfigMap).
/// </summary>
public sealed class Falco : IAgentModel
{
    private const string PodPhases = "status.phase!=Failed,status.phase!=Unknown,status.phase!=Succeeded";

    private static readonly (string Group, string Resource)[] Resources =
    [
        (string.Empty, "nodes"), (string.Empty, "namespaces"), (string.Empty, "pods"), (string.Empty, "replicationcontrollers"),
        (string.Empty, "services"), ("apps", "replicasets"), ("apps", "deployments"),
    ];

    public string Id => "falco";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        var name = image[(image.LastIndexOf('/') + 1)..];
        return name is "falco" or "falco-no-driver" or "falco-distroless";
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var loader = DriverLoaderConfigMapGets(context).ToList();
        var api = context.Flag("-k", "--k8s-api");
        if (api is null)
        {
            var notes = context.ConfigFiles.Any(f => f.Text.Contains("k8smeta", StringComparison.Ordinal))
                ? new[] { "falco: k8smeta plugin gets metadata from the k8s-metacollector (gRPC), not from the API server" }
                : [];
            return new AgentAnalysis { Agent = Id, Patterns = loader, Notes = notes };
        }

        var node = context.Flag("--k8s-node");
        var nodeSelector = node is { Value.Length: > 0 } ? "spec.nodeName=" + EnvReferences.Normalize(node.Value) : null;
        var patterns = new List<AccessPattern>(loader);
        foreach (var (group, resource) in Resources)
        {
            var field = resource == "pods" ? Patterns.JoinSelectors(PodPhases, nodeSelector) : null;
            patterns.AddRange(Patterns.Informer(group, resource, api.Position, $"falco legacy k8s client (-k): {resource}", field, listResourceVersion: null));
        }

        var result = new List<string>();
        if (node is null)
        {
            result.Add("falco -k without --k8s-node: every node lists and watches all pods of the cluster; add --k8s-node $(FALCO_K8S_NODE_NAME)");
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = result };
    }

    /// <summary>The ConfigMap GET of each <c>falco-driver-loader</c> init container that is told its ConfigMap.</summary>
    private static IEnumerable<AccessPattern> DriverLoaderConfigMapGets(AgentContext context)
    {
        foreach (var init in context.Workload.InitContainers)
        {
            var repository = init.ImageRepository;
            var name = repository[(repository.LastIndexOf('/') + 1)..];
            var exits = init.CommandLine.Any(a => a.Value is "--clean" or "--print-env" or "-h" or "--help");
            var update = init.FindEnv("FALCOCTL_DRIVER_CONFIG_UPDATE_FALCO")?.Value;
            if (!name.StartsWith("falco-driver-loader", StringComparison.Ordinal) || exits
                || string.Equals(update, "false", StringComparison.OrdinalIgnoreCase)
                || init.FindEnv("FALCOCTL_DRIVER_CONFIG_NAMESPACE") is null
                || init.FindEnv("FALCOCTL_DRIVER_CONFIG_CONFIGMAP") is not { } configMap)
            {
                continue;
            }

            yield return Patterns.Get(
                string.Empty, "configmaps", configMap.Position,
                $"falco-driver-loader init container {init.Name}: falcoctl driver config GETs ConfigMap {configMap.Value ?? "(from a reference)"} once at start", null);
        }
    }
}
