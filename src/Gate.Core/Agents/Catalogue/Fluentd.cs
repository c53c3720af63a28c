using System.Text.RegularExpressions;
using Gate.Core.Agents.Formats;
using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Fluentd with fluent-plugin-kubernetes_metadata_filter (<c>@type kubernetes_metadata</c>). With <c>watch true</c>
/// (default) it lists (resourceVersion 0) and watches pods — with <c>spec.nodeName=$K8S_NODE_NAME</c> when that
/// variable is set — and namespaces; on a cache miss it GETs the pod and (unless <c>skip_namespace_metadata</c>) its
/// namespace without a resourceVersion (kubeclient). Cache entries live <c>cache_ttl</c> seconds (default 3600).
/// Upstream: fabric8io/fluent-plugin-kubernetes_metadata_filter ~> 3.8 (the version the
/// fluentd-kubernetes-daemonset v1 images pin), <c>lib/fluent/plugin/filter_kubernetes_metadata.rb</c> (the
/// <c>watch</c> and <c>cache_ttl</c> parameters, <c>fetch_pod_metadata</c>/<c>fetch_namespace_metadata</c>),
/// <c>kubernetes_metadata_watch_pods.rb</c> (the pod watch and its <c>K8S_NODE_NAME</c> field selector) and
/// <c>kubernetes_metadata_watch_namespaces.rb</c>.
/// </summary>
public sealed partial class Fluentd : IAgentModel
{
    private const double PodChurnSeconds = 600;

    public string Id => "fluentd";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image.Contains("fluentd", StringComparison.Ordinal) && !image.Contains("fluent-bit", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var directives = new List<ConfigSection>();
        var configFound = false;
        foreach (var file in context.ConfigFiles.Where(f => f.Text.Contains('<', StringComparison.Ordinal)))
        {
            var parsed = FluentdConfig.Flatten(FluentdConfig.Parse(file.Text, file.Positions)).ToList();
            configFound |= parsed.Any(d => d.Name is "source" or "match" or "filter" or "label" or "system");
            directives.AddRange(parsed);
        }

        if (BuiltInFilter(context) is { } builtIn)
        {
            directives.Add(builtIn);
            configFound = true;
            notes.Add($"fluentd: {context.Container.Image} carries its configuration (fluent/fluentd-kubernetes-daemonset kubernetes.conf): its kubernetes_metadata filter is counted with the image's defaults and the container's FLUENT_KUBERNETES_* variables");
        }

        if (!configFound)
        {
            return new AgentAnalysis { Agent = Id, ConfigFound = false };
        }

        var patterns = new List<AccessPattern>();
        foreach (var filter in directives.Where(d => d.Name == "filter" && Evaluate(d.Get("@type"), context) == "kubernetes_metadata"))
        {
            var watch = Boolean(Evaluate(filter.Get("watch"), context)) ?? true;
            var ttl = double.TryParse(Evaluate(filter.Get("cache_ttl"), context), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : 3600;
            var period = ttl > 0 ? Math.Min(ttl, PodChurnSeconds) : PodChurnSeconds;
            var skipNamespace = Boolean(Evaluate(filter.Get("skip_namespace_metadata"), context)) ?? false;
            if (watch)
            {
                var node = context.NodeSelectorFromEnv("spec.nodeName", "K8S_NODE_NAME");
                if (node is null)
                {
                    notes.Add($"fluentd kubernetes_metadata at {filter.Position}: K8S_NODE_NAME is not set, so every node watches all pods of the cluster; set it from spec.nodeName");
                }

                patterns.AddRange(Patterns.Informer(string.Empty, "pods", filter.Get("watch") is null ? filter.Position : filter.PositionOf("watch"), "fluentd kubernetes_metadata watch: pods", node));
                patterns.AddRange(Patterns.Informer(string.Empty, "namespaces", filter.Get("watch") is null ? filter.Position : filter.PositionOf("watch"), "fluentd kubernetes_metadata watch: namespaces"));
            }

            var origin = filter.Get("cache_ttl") is null ? filter.Position : filter.PositionOf("cache_ttl");
            patterns.Add(Patterns.Get(string.Empty, "pods", origin, "fluentd kubernetes_metadata: GET of a pod on a cache miss", period));
            if (!skipNamespace)
            {
                patterns.Add(Patterns.Get(string.Empty, "namespaces", origin, "fluentd kubernetes_metadata: GET of a namespace on a cache miss", period));
            }
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    /// <summary>
    /// The kubernetes_metadata filter the fluent/fluentd-kubernetes-daemonset images carry in
    /// <c>/fluentd/etc/kubernetes.conf</c> (templates/conf/kubernetes.conf.erb; <c>fluent.conf</c> always includes it):
    /// <c>watch</c> from <c>FLUENT_KUBERNETES_WATCH</c> (default true), <c>skip_namespace_metadata</c> from
    /// <c>FLUENT_KUBERNETES_METADATA_SKIP_NAMESPACE_METADATA</c> (default false), the plugin's default <c>cache_ttl</c>.
    /// Null for other images, or when a mounted file replaces <c>fluent.conf</c> or <c>kubernetes.conf</c>.
    /// </summary>
    private static ConfigSection? BuiltInFilter(AgentContext context)
    {
        if (!context.Container.ImageRepository.EndsWith("fluentd-kubernetes-daemonset", StringComparison.Ordinal)
            || context.ConfigFiles.Any(f => f.ContainerPath.EndsWith("/fluent.conf", StringComparison.Ordinal) || f.ContainerPath.EndsWith("/kubernetes.conf", StringComparison.Ordinal)))
        {
            return null;
        }

        var position = context.Container.ImagePosition;
        var filter = new ConfigSection("filter", "kubernetes.**", position);
        filter.Add("@type", "kubernetes_metadata", position);
        filter.Add("skip_namespace_metadata", "\"#{ENV['FLUENT_KUBERNETES_METADATA_SKIP_NAMESPACE_METADATA'] || 'false'}\"", position);
        filter.Add("watch", "\"#{ENV['FLUENT_KUBERNETES_WATCH'] || 'true'}\"", position);
        return filter;
    }

    [GeneratedRegex(@"^""?#\{\s*ENV\s*\[\s*['""](?<v>\w+)['""]\s*\]\s*(?:\|\|\s*['""](?<d>[^'""]*)['""]\s*)?\}""?$", RegexOptions.CultureInvariant)]
    private static partial Regex EmbeddedEnv();

    /// <summary>Evaluates <c>"#{ENV['X'] || 'default'}"</c> against the container's literal env; strips quotes.</summary>
    private static string? Evaluate(string? value, AgentContext context)
    {
        if (value is null)
        {
            return null;
        }

        var match = EmbeddedEnv().Match(value.Trim());
        if (match.Success)
        {
            var env = context.Container.FindEnv(match.Groups["v"].Value)?.Value;
            return env ?? (match.Groups["d"].Success ? match.Groups["d"].Value : null);
        }

        return value.Trim().Trim('"', '\'');
    }

    private static bool? Boolean(string? value) => value?.ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "ON" => true,
        "FALSE" or "NO" or "OFF" => false,
        _ => null,
    };
}
