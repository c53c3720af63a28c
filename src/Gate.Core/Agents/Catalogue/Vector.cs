using Gate.Core.Agents.Formats;
using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Vector <c>kubernetes_logs</c> source (kube-rs watchers): pods with <c>spec.nodeName=&lt;self_node_name&gt;</c>
/// (+ <c>extra_field_selector</c>) and label selector <c>vector.dev/exclude!=true</c> (+ <c>extra_label_selector</c>);
/// namespaces with <c>vector.dev/exclude!=true</c> (+ <c>extra_namespace_label_selector</c>) unless
/// <c>insert_namespace_fields: false</c>; the own Node (<c>metadata.name=&lt;node&gt;</c>). Lists carry no
/// resourceVersion unless <c>use_apiserver_cache: true</c> (then <c>0</c>).
/// Upstream (vectordotdev/vector, 0.4x; the reference case runs 0.43.0): src/sources/kubernetes_logs/mod.rs
/// (<c>prepare_field_selector</c>, <c>prepare_label_selector</c> with the built-in <c>vector.dev/exclude!=true</c>,
/// <c>use_apiserver_cache</c>), namespace_metadata_annotator.rs, node_metadata_annotator.rs.
/// </summary>
public sealed class Vector : IAgentModel
{
    private const string Exclude = "vector.dev/exclude!=true";

    public string Id => "vector";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image is "timberio/vector" or "vectordotdev/vector" or "vector" || image.EndsWith("/vector", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var roots = context.ConfigFiles
            .Select(f => f.Extension == ".toml" ? TomlConfig.Read(f.Text, f.Positions, notes) : ConfigDocuments.IsYamlLike(f) ? ConfigDocuments.ReadMapping(f, context.Limits, notes) : null)
            .OfType<ManifestMapping>()
            .Where(r => r["sources"] is not null || r["sinks"] is not null || r["transforms"] is not null)
            .ToList();
        if (roots.Count == 0)
        {
            return new AgentAnalysis { Agent = Id, ConfigFound = false, Notes = notes };
        }

        var patterns = new List<AccessPattern>();
        foreach (var (key, node) in roots.SelectMany(r => r.GetMapping("sources")?.Entries ?? []))
        {
            if (node is not ManifestMapping source || source.GetString("type") != "kubernetes_logs")
            {
                continue;
            }

            var selfNode = source.GetString("self_node_name") ?? "${VECTOR_SELF_NODE_NAME}";
            var nodeRef = NodeReference(selfNode, context, notes, key.Value);
            var rv = source.GetBoolean("use_apiserver_cache") == true ? "0" : null;
            var origin = key.Position;
            var podFields = Patterns.JoinSelectors("spec.nodeName=" + nodeRef, source.GetString("extra_field_selector"));
            var podLabels = Patterns.JoinSelectors(Exclude, source.GetString("extra_label_selector"));
            patterns.AddRange(Patterns.Informer(string.Empty, "pods", origin, $"vector kubernetes_logs ({key.Value}): pod watcher", podFields, podLabels, listResourceVersion: rv));
            if (source.GetBoolean("insert_namespace_fields") != false)
            {
                var nsLabels = Patterns.JoinSelectors(Exclude, source.GetString("extra_namespace_label_selector"));
                patterns.AddRange(Patterns.Informer(string.Empty, "namespaces", origin, $"vector kubernetes_logs ({key.Value}): namespace watcher", null, nsLabels, listResourceVersion: rv));
            }

            patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, $"vector kubernetes_logs ({key.Value}): own node watcher", "metadata.name=" + nodeRef, listResourceVersion: rv));
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    private static string NodeReference(string selfNode, AgentContext context, List<string> notes, string source)
    {
        var variable = AgentContext.EnvReference(selfNode);
        if (variable is null)
        {
            return selfNode.Trim();
        }

        if (context.Container.FindEnv(variable) is null)
        {
            notes.Add($"vector kubernetes_logs ({source}): self_node_name refers to {variable}, which the container does not set");
        }

        return $"$({variable})";
    }
}
