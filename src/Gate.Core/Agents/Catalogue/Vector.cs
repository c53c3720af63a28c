using Gate.Core.Agents.Formats;
using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Vector <c>kubernetes_logs</c> source (kube-rs watchers): pods with <c>spec.nodeName=&lt;self_node_name&gt;</c>
/// (+ <c>extra_field_selector</c>) and label selector <c>vector.dev/exclude!=true</c> (+ <c>extra_label_selector</c>);
/// namespaces with <c>vector.dev/exclude!=true</c> (+ <c>extra_namespace_label_selector</c>) unless
/// <c>insert_namespace_fields: false</c>; the own Node (<c>metadata.name=&lt;node&gt;</c>). Lists carry no
/// resourceVersion unless <c>use_apiserver_cache: true</c> (then <c>0</c>). From 0.44.0 (kube-rs 0.93, whose
/// watcher pages its lists by 500) a list without the apiserver cache carries <c>limit=500</c>: a paginated
/// consistent LIST, from etcd on v1.29–v1.30. In 0.44–0.46 that limit also made kube-rs drop the
/// <c>resourceVersion=0</c> of <c>use_apiserver_cache</c>; 0.47.0 removed the limit in that case.
/// Upstream (vectordotdev/vector; the reference case runs 0.43.0, the upstream chart case 0.57.0):
/// src/sources/kubernetes_logs/mod.rs (<c>prepare_field_selector</c>, <c>prepare_label_selector</c> with the built-in
/// <c>vector.dev/exclude!=true</c>, <c>use_apiserver_cache</c>, <c>get_page_size</c> from PR #22921),
/// namespace_metadata_annotator.rs, node_metadata_annotator.rs; Cargo.toml (kube 0.82 up to 0.43, 0.93 from 0.44,
/// 3.0.1 in 0.57); kube-rs/kube kube-runtime/src/watcher.rs (<c>Config::default</c> page_size 500 from 0.84,
/// <c>to_list_params</c>) and kube-core/src/params.rs (<c>resourceVersion=0</c> dropped when a limit is set, 0.93).
/// </summary>
public sealed class Vector : IAgentModel
{
    private const string Exclude = "vector.dev/exclude!=true";

    /// <summary>kube-runtime's watcher page size (kube-runtime/src/watcher.rs <c>Config::default</c>).</summary>
    private const int PageSize = 500;

    /// <summary>First release built on kube-rs 0.93, whose watcher pages its initial lists.</summary>
    private static readonly AgentVersion PagedLists = new(0, 44, 0);

    /// <summary>First release that drops the page size with <c>use_apiserver_cache</c> (PR #22921).</summary>
    private static readonly AgentVersion CacheWithoutLimit = new(0, 47, 0);

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

        var version = AgentVersion.FromImage(context.Container.Image);
        var patterns = new List<AccessPattern>();
        foreach (var (key, node) in roots.SelectMany(r => r.GetMapping("sources")?.Entries ?? []))
        {
            if (node is not ManifestMapping source || source.GetString("type") != "kubernetes_logs")
            {
                continue;
            }

            var selfNode = source.GetString("self_node_name") ?? "${VECTOR_SELF_NODE_NAME}";
            var nodeRef = NodeReference(selfNode, context, notes, key.Value);
            var (rv, limit) = ListParameters(source.GetBoolean("use_apiserver_cache") == true, version, notes);
            var origin = key.Position;
            var podFields = Patterns.JoinSelectors("spec.nodeName=" + nodeRef, source.GetString("extra_field_selector"));
            var podLabels = Patterns.JoinSelectors(Exclude, source.GetString("extra_label_selector"));
            var watchers = new List<AccessPattern>(Patterns.Informer(string.Empty, "pods", origin, $"vector kubernetes_logs ({key.Value}): pod watcher", podFields, podLabels, listResourceVersion: rv));
            if (source.GetBoolean("insert_namespace_fields") != false)
            {
                var nsLabels = Patterns.JoinSelectors(Exclude, source.GetString("extra_namespace_label_selector"));
                watchers.AddRange(Patterns.Informer(string.Empty, "namespaces", origin, $"vector kubernetes_logs ({key.Value}): namespace watcher", null, nsLabels, listResourceVersion: rv));
            }

            watchers.AddRange(Patterns.Informer(string.Empty, "nodes", origin, $"vector kubernetes_logs ({key.Value}): own node watcher", "metadata.name=" + nodeRef, listResourceVersion: rv));
            patterns.AddRange(watchers.Select(p => p.Verb == ApiVerb.List ? p with { Limit = limit } : p));
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    /// <summary>
    /// The initial lists' resourceVersion and limit: <c>use_apiserver_cache</c> asks for <c>resourceVersion=0</c>;
    /// from 0.44.0 kube-runtime pages lists by <see cref="PageSize"/>, which until 0.47.0 also applied with the cache
    /// and then made kube-core leave the <c>resourceVersion=0</c> out.
    /// </summary>
    private static (string? ResourceVersion, int? Limit) ListParameters(bool apiserverCache, AgentVersion? version, List<string> notes)
    {
        if (version is not null && version < PagedLists)
        {
            return (apiserverCache ? "0" : null, null);
        }

        if (!apiserverCache)
        {
            return (null, PageSize);
        }

        return AgentVersion.AtLeast(version, CacheWithoutLimit, "vector kubernetes_logs use_apiserver_cache", notes) ? ("0", null) : (null, PageSize);
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
