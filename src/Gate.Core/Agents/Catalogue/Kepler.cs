using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Kepler, the power exporter (sustainable-computing-io/kepler). Two generations behave differently:
/// <list type="bullet">
/// <item>v0.10 and later (read at v0.11.4). With <c>kube.enabled</c> (<c>--kube.enable</c>) it maps processes to pods:
/// <c>kube.podInformer.mode: kubelet</c> (the default, cmd/kepler/main.go <c>createPodInformer</c>) GETs its own Node
/// once to find the kubelet's address (internal/k8s/pod/kubelet.go <c>discoverKubeletEndpoint</c>) and then polls the
/// kubelet, not the API server; <c>apiserver</c> runs a controller-runtime informer of the pods of its own node
/// (internal/k8s/pod/pod.go, <c>spec.nodeName</c> field selector).</item>
/// <item>The exporter before the rewrite (read at v0.9.0): its <c>-apiserver</c> flag defaults to true
/// (cmd/exporter/exporter.go), and then pkg/kubernetes/watcher.go <c>NewObjListWatcher</c> runs a pod informer of its
/// own node (<c>spec.nodeName</c> = pkg/node/node.go <c>Name</c>: <c>NODE_NAME</c>).</item>
/// </list>
/// The project's own manifests carry an image placeholder (<c>&lt;KEPLER_IMAGE&gt;</c>) or a bare <c>kepler:latest</c>,
/// so the agent is also recognised by its binary, <c>/usr/bin/kepler</c>; the generation then follows from the mount of
/// the old exporter's configuration directory (<c>/etc/kepler/kepler.config</c>).
/// </summary>
public sealed class Kepler : IAgentModel
{
    private static readonly AgentVersion Rewrite = new(0, 10, 0);

    public string Id => "kepler";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image[(image.LastIndexOf('/') + 1)..] == "kepler" || Words(context).Any(w => w.EndsWith("/kepler", StringComparison.Ordinal));
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsLegacyExporter(context) ? AnalyzeLegacy(context) : AnalyzeCurrent(context);
    }

    private AgentAnalysis AnalyzeCurrent(AgentContext context)
    {
        var notes = new List<string>();
        var configs = context.YamlConfigs(r => r["kube"] is not null || r["log"] is not null, notes);
        var kube = configs.Select(c => c.GetMapping("kube")).OfType<ManifestMapping>().FirstOrDefault();
        var enabled = context.HasFlag("--kube.enable") || kube?.GetString("enabled") == "true";
        if (!enabled)
        {
            return new AgentAnalysis { Agent = Id, Notes = notes };
        }

        var origin = context.Container.ImagePosition;
        var mode = kube?.GetMapping("podInformer")?.GetString("mode") ?? "kubelet";
        if (mode != "apiserver")
        {
            return new AgentAnalysis
            {
                Agent = Id,
                Patterns = [Patterns.Get(string.Empty, "nodes", origin, "kepler kubelet pod informer: its own node, once, to find the kubelet's address", null, PatternScope.Object)],
                Notes = notes,
            };
        }

        var node = context.Flag("--kube.node-name") is { Value.Length: > 0 } n ? "spec.nodeName=" + EnvReferences.Normalize(n.Value) : null;
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns = Patterns.Informer(string.Empty, "pods", origin, "kepler apiserver pod informer: pods of its own node", node),
            Notes = notes,
        };
    }

    private AgentAnalysis AnalyzeLegacy(AgentContext context)
    {
        var flag = Words(context).LastOrDefault(w => w.TrimStart('-') is var f && (f == "apiserver" || f.StartsWith("apiserver=", StringComparison.Ordinal)));
        if (flag is not null && flag[(flag.IndexOf('=', StringComparison.Ordinal) + 1)..] is "false" or "0" or "f" or "F" or "FALSE" or "False")
        {
            return new AgentAnalysis { Agent = Id };
        }

        return new AgentAnalysis
        {
            Agent = Id,
            Patterns = Patterns.Informer(string.Empty, "pods", context.Container.ImagePosition, "kepler exporter (before v0.10) pod watcher: pods of its own node", "spec.nodeName=$(NODE_NAME)"),
        };
    }

    /// <summary>
    /// The exporter before the v0.10 rewrite: by its image tag (<c>v0.7.12</c>, <c>release-0.7.12</c>), else by its
    /// configuration directory mount.
    /// </summary>
    private static bool IsLegacyExporter(AgentContext context) =>
        AgentVersion.FromImage(context.Container.Image.Replace(":release-", ":", StringComparison.Ordinal)) is { } version
            ? version < Rewrite
            : context.Container.VolumeMounts.Any(m => m.MountPath.TrimEnd('/') == "/etc/kepler/kepler.config");

    /// <summary>The command line split into words (the old manifests run the exporter through <c>sh -c</c>).</summary>
    private static IEnumerable<string> Words(AgentContext context) =>
        context.Arguments.SelectMany(a => a.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
