using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>
/// Prometheus <c>kubernetes_sd_configs</c> (used by Prometheus, Promtail, the OTel <c>prometheus</c> receiver and
/// Grafana Alloy's <c>discovery.kubernetes</c>): one client-go informer per role resource and namespace, with the
/// <c>selectors</c> of the matching role; <c>attach_metadata.node</c> adds a node informer.
/// </summary>
public static class PrometheusServiceDiscovery
{
    /// <summary>The resources each role watches (Prometheus discovery/kubernetes).</summary>
    public static IReadOnlyList<string> ResourcesOf(string role) => role switch
    {
        "node" => ["nodes"],
        "pod" => ["pods"],
        "service" => ["services"],
        "endpoints" => ["endpoints", "services", "pods"],
        "endpointslice" => ["endpointslices", "services", "pods"],
        "ingress" => ["ingresses"],
        _ => [],
    };

    /// <summary>
    /// Patterns of one SD config. <paramref name="podNodeSelector"/> is added to pod selectors of role pod when the agent
    /// itself does so (Promtail); null otherwise.
    /// </summary>
    public static IReadOnlyList<AccessPattern> Analyze(
        ManifestMapping sd,
        AgentContext context,
        string agent,
        string? podNodeSelector,
        ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(sd);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(notes);
        var role = (sd.GetString("role") ?? string.Empty).Trim().ToLowerInvariant();
        var resources = ResourcesOf(role);
        if (resources.Count == 0)
        {
            notes.Add($"{agent}: kubernetes_sd_configs role '{role}' is not understood; it is not counted");
            return [];
        }

        if (sd.GetString("api_server") is { Length: > 0 } || sd.GetString("kubeconfig_file") is { Length: > 0 })
        {
            notes.Add($"{agent}: kubernetes_sd_configs at {sd.Position} talks to an explicit API server; counted as this cluster's");
        }

        var selectors = sd.GetItems("selectors").OfType<ManifestMapping>()
            .Select(s => (Role: (s.GetString("role") ?? string.Empty).ToLowerInvariant(), Field: Norm(s.GetString("field")), Label: Norm(s.GetString("label"))))
            .ToList();
        if (podNodeSelector is not null && role == "pod")
        {
            if (selectors.Count == 0)
            {
                selectors.Add(("pod", podNodeSelector, null));
            }
            else if (!selectors.Any(s => s.Field?.Contains("spec.nodeName", StringComparison.Ordinal) == true))
            {
                notes.Add($"{agent}: explicit selectors at {sd.PositionOf("selectors")} replace the automatic spec.nodeName filter; add field: spec.nodeName=${{HOSTNAME}} to keep the pod watch node-scoped");
            }
        }

        var namespaces = Namespaces(sd, context);
        var attachNode = sd.GetMapping("attach_metadata")?.GetBoolean("node") == true && role is "pod" or "endpoints" or "endpointslice";
        var patterns = new List<AccessPattern>();
        var origin = sd.PositionOf("role");
        foreach (var resource in resources)
        {
            var selectorRole = resource switch
            {
                "pods" => "pod",
                "services" => "service",
                "nodes" => "node",
                "ingresses" => "ingress",
                _ => role,
            };
            var selector = selectors.FirstOrDefault(s => s.Role == selectorRole);
            foreach (var ns in namespaces)
            {
                patterns.AddRange(Patterns.Informer(
                    ResourceGroups.Of(resource), resource, origin, $"{agent} kubernetes_sd_configs role {role}: {resource} informer",
                    selector.Field, selector.Label, ns));
            }
        }

        if (attachNode)
        {
            var nodeSelector = selectors.FirstOrDefault(s => s.Role == "node");
            patterns.AddRange(Patterns.Informer(
                string.Empty, "nodes", sd.PositionOf("attach_metadata"), $"{agent} attach_metadata.node: node informer",
                nodeSelector.Field, nodeSelector.Label));
        }

        return patterns;
    }

    /// <summary>
    /// One Prometheus discovery manager (a Prometheus server's scrape discovery, an OTel <c>prometheus</c> receiver's, a
    /// Promtail's): it runs one provider, so one set of informers, for SD configs that are equal, whichever job they come
    /// from (prometheus/prometheus <c>discovery/manager.go</c> <c>registerProviders</c>: <c>reflect.DeepEqual</c> of the
    /// configs; the OTel receiver hands all its jobs to one <c>discovery.Manager</c>, opentelemetry-collector-contrib
    /// <c>receiver/prometheusreceiver/metrics_receiver.go</c> <c>applyCfg</c>). Two configs count as equal when they
    /// make the same requests and agree on every other setting (namespaces, API server, kubeconfig, TLS, authentication,
    /// proxy):
    /// configs that differ only in such a setting keep a provider each, as upstream does.
    /// </summary>
    public sealed class DiscoveryManager
    {
        private static readonly HashSet<string> RequestKeys = new(StringComparer.Ordinal) { "role", "selectors", "attach_metadata" };
        private readonly Dictionary<string, string> providers = new(StringComparer.Ordinal);

        /// <summary>
        /// The informers of <paramref name="sd"/> (from <see cref="Analyze"/>) when it needs a provider of its own; none,
        /// with a note, when an equal config registered earlier already runs them.
        /// </summary>
        public IReadOnlyList<AccessPattern> Register(ManifestMapping sd, IReadOnlyList<AccessPattern> informers, string job, ICollection<string> notes)
        {
            ArgumentNullException.ThrowIfNull(sd);
            ArgumentNullException.ThrowIfNull(informers);
            ArgumentNullException.ThrowIfNull(notes);
            var key = string.Join('\n', informers
                .Select(p => string.Join('|', p.Verb, p.Group, p.Resource, p.Scope, p.FieldSelector, p.LabelSelector, p.ResourceVersion, p.Limit, p.PeriodSeconds))
                .Order(StringComparer.Ordinal)
                .Prepend(string.Join(';', sd.Entries.Where(e => !RequestKeys.Contains(e.Key.Value)).Select(e => e.Key.Value + "=" + Text(e.Value)).Order(StringComparer.Ordinal))));
            if (providers.TryGetValue(key, out var first))
            {
                notes.Add($"{job}: its kubernetes_sd_configs at {sd.Position} equal {first}'s, so they share one discovery provider (no informers of their own)");
                return [];
            }

            providers.Add(key, job);
            return informers;
        }

        private static string Text(ManifestNode node) => node switch
        {
            ManifestMapping m => "{" + string.Join(',', m.Entries.Select(e => e.Key.Value + ":" + Text(e.Value)).Order(StringComparer.Ordinal)) + "}",
            ManifestSequence q => "[" + string.Join(',', q.Items.Select(Text)) + "]",
            _ => node.ScalarValue ?? "~",
        };
    }

    private static string? Norm(string? selector) => string.IsNullOrWhiteSpace(selector) ? null : EnvReferences.Normalize(selector.Trim());

    private static List<string?> Namespaces(ManifestMapping sd, AgentContext context)
    {
        var config = sd.GetMapping("namespaces");
        var names = config?.GetItems("names").Select(n => n.ScalarValue).OfType<string>().ToList() ?? [];
        if (config?.GetBoolean("own_namespace") == true)
        {
            names.Add(context.Workload.Object.Namespace ?? "default");
        }

        return names.Count == 0 ? [null] : names.Distinct(StringComparer.Ordinal).Select(n => (string?)n).ToList();
    }
}
