using Gate.Core.Agents.Formats;
using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Grafana Alloy (and Grafana Agent in flow mode): <c>discovery.kubernetes</c> components behave as Prometheus
/// <c>kubernetes_sd_configs</c> (no automatic node filter: add a <c>selectors</c> block with
/// <c>field = "spec.nodeName=" + sys.env("HOSTNAME")</c>); <c>loki.source.kubernetes_events</c> watches events;
/// <c>loki.source.kubernetes</c> tails logs through the API server (noted, not counted); <c>loki.source.podlogs</c>
/// runs a controller-runtime cache with no selector, so cluster-wide Namespace, Pod and PodLogs informers on every
/// replica (its <c>node_filter</c> only indexes that cache), and tails logs through the API server (noted, not
/// counted). Components inside a
/// <c>declare "NAME"</c> block run once per instance of <c>NAME</c> (a custom component; Grafana's k8s-monitoring chart
/// wraps every feature in one) and not at all when it is never instantiated; modules pulled in by <c>import.*</c>
/// blocks are not in the inputs (noted).
/// Upstream (grafana/alloy, v1.x; the reference scenario runs v1.5.0): internal/component/discovery/kubernetes/
/// kubernetes.go (the arguments converted to Prometheus' <c>SDConfig</c>, so the informers are
/// prometheus/prometheus discovery/kubernetes), internal/component/loki/source/kubernetes_events/event_controller.go
/// (an event informer per namespace), internal/runtime/internal/controller/node_custom_component.go (a custom
/// component instance evaluates the declare block's body as its own controller),
/// internal/component/loki/source/podlogs/controller.go (<c>cache.New</c> with only a scheme;
/// <c>configureInformers</c>: Namespace, Pod and PodLogs informers), internal/component/remote/kubernetes/
/// kubernetes.go (<c>remote.kubernetes.secret</c>/<c>.configmap</c>: a GET of the object every
/// <c>poll_frequency</c>, default 1m, no resourceVersion).
/// </summary>
public sealed class GrafanaAlloy : IAgentModel
{
    /// <summary><c>remote.kubernetes.*</c> <c>poll_frequency</c> default (internal/component/remote/kubernetes/kubernetes.go).</summary>
    private const double DefaultPollSeconds = 60;

    public string Id => "grafana-alloy";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image.EndsWith("grafana/alloy", StringComparison.Ordinal) || image.EndsWith("/alloy", StringComparison.Ordinal)
            || (image.EndsWith("grafana/agent", StringComparison.Ordinal) && context.ConfigFiles.Any(IsRiver));
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var roots = new List<ManifestMapping>();
        foreach (var file in context.SelectConfigs(IsRiver))
        {
            try
            {
                roots.Add(RiverConfig.Parse(file.Text, file.Positions));
            }
            catch (GateUsageException ex)
            {
                notes.Add($"could not read {file.ConfigMapName}/{file.Key}: {ex.ToUserLine()}");
            }
        }

        if (roots.Count == 0)
        {
            return new AgentAnalysis { Agent = Id, ConfigFound = false, Notes = notes };
        }

        var patterns = new List<AccessPattern>();
        foreach (var root in roots.SelectMany(r => Scopes(r, notes)))
        {
            foreach (var block in Blocks(root, "discovery.kubernetes"))
            {
                var sd = ToSdConfig(block);
                patterns.AddRange(PrometheusServiceDiscovery.Analyze(sd, context, $"alloy discovery.kubernetes \"{block.GetString("__label")}\"", null, notes));
            }

            foreach (var block in Blocks(root, "loki.source.kubernetes_events"))
            {
                var namespaces = block.GetItems("namespaces").Select(n => n.ScalarValue).OfType<string>().ToList();
                foreach (var ns in namespaces.Count == 0 ? [null] : namespaces.Select(n => (string?)n))
                {
                    patterns.AddRange(Patterns.Informer(string.Empty, "events", block.Position, $"alloy loki.source.kubernetes_events \"{block.GetString("__label")}\": event informer", null, null, ns));
                }
            }

            foreach (var block in Blocks(root, "loki.source.podlogs"))
            {
                var label = block.GetString("__label");
                foreach (var (group, resource) in new[] { (string.Empty, "namespaces"), (string.Empty, "pods"), ("monitoring.grafana.com", "podlogs") })
                {
                    patterns.AddRange(Patterns.Informer(group, resource, block.Position, $"alloy loki.source.podlogs \"{label}\": {resource} informer (cluster-wide cache)"));
                }

                notes.Add($"alloy loki.source.podlogs at {block.Position} streams container logs through the API server (GET pods/log per target); not counted");
            }

            foreach (var (component, resource) in new[] { ("remote.kubernetes.secret", "secrets"), ("remote.kubernetes.configmap", "configmaps") })
            {
                foreach (var block in Blocks(root, component))
                {
                    var poll = ConfigDocuments.Seconds(block.GetString("poll_frequency")) ?? DefaultPollSeconds;
                    patterns.Add(Patterns.Get(
                        string.Empty, resource, block.Position,
                        $"alloy {component} \"{block.GetString("__label")}\": GET of {block.GetString("namespace")}/{block.GetString("name")} every {poll:0} s", poll));
                }
            }

            foreach (var block in Blocks(root, "loki.source.kubernetes"))
            {
                notes.Add($"alloy loki.source.kubernetes at {block.Position} streams container logs through the API server (GET pods/log per target); not counted");
            }
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    private static bool IsRiver(ConfigFile file) => file.Extension is ".alloy" or ".river";

    /// <summary>The config's top level, then the body of each custom component once per instance of it.</summary>
    private static IEnumerable<ManifestMapping> Scopes(ManifestMapping root, List<string> notes)
    {
        foreach (var import in root.Entries.Where(e => e.Key.Value.StartsWith("import.", StringComparison.Ordinal)))
        {
            notes.Add($"alloy {import.Key.Value} at {import.Key.Position}: the imported module is not in the inputs; its components are not counted");
        }

        return Instances(root, [], 0).Prepend(root);
    }

    /// <summary>Bodies of the <c>declare</c> blocks visible in <paramref name="scope"/>, one per instance there, and theirs in turn.</summary>
    private static IEnumerable<ManifestMapping> Instances(ManifestMapping scope, IReadOnlyList<ManifestMapping> outer, int depth)
    {
        const int MaxDepth = 8;
        var declares = outer.Concat(Blocks(scope, "declare")).ToList();
        if (depth >= MaxDepth)
        {
            yield break;
        }

        foreach (var declare in declares)
        {
            if (declare.GetString("__label") is not { } name)
            {
                continue;
            }

            foreach (var _ in Blocks(scope, name))
            {
                yield return declare;
                foreach (var inner in Instances(declare, declares, depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<ManifestMapping> Blocks(ManifestMapping root, string name) =>
        root.GetItems(name).OfType<ManifestMapping>();

    /// <summary>Reshapes a <c>discovery.kubernetes</c> block into the Prometheus SD config shape.</summary>
    private static ManifestMapping ToSdConfig(ManifestMapping block)
    {
        var entries = new List<KeyValuePair<ManifestScalar, ManifestNode>>();
        foreach (var (key, value) in block.Entries)
        {
            var single = key.Value is "namespaces" or "attach_metadata" && value is ManifestSequence { Items.Count: > 0 } seq ? seq.Items[0] : value;
            entries.Add(new(key, single));
        }

        return new ManifestMapping(entries, block.Position);
    }
}
