using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Prometheus (server or agent mode) run as a node agent: its <c>kubernetes_sd_configs</c>. Upstream
/// (prometheus/prometheus, v2.x–v3.x): discovery/kubernetes/kubernetes.go (<c>Discovery.Run</c>: one informer per role
/// and namespace, with the role's selectors), pod.go, node.go, service.go, endpoints.go, endpointslice.go, ingress.go.
/// </summary>
public sealed class PrometheusServer : IAgentModel
{
    public string Id => "prometheus";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image.EndsWith("prom/prometheus", StringComparison.Ordinal) || image.EndsWith("prometheus/prometheus", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var roots = context.YamlConfigs(r => r["scrape_configs"] is not null || r["global"] is not null, notes);
        if (roots.Count == 0)
        {
            return new AgentAnalysis { Agent = Id, ConfigFound = false, Notes = notes };
        }

        // one discovery manager for every job: equal SD configs share one provider
        var discovery = new PrometheusServiceDiscovery.DiscoveryManager();
        var patterns = roots.SelectMany(r => r.GetItems("scrape_configs")).OfType<ManifestMapping>()
            .SelectMany(scrape => scrape.GetItems("kubernetes_sd_configs").OfType<ManifestMapping>()
                .SelectMany(sd =>
                {
                    var job = $"prometheus job {scrape.GetString("job_name")}";
                    return discovery.Register(sd, PrometheusServiceDiscovery.Analyze(sd, context, job, null, notes), job, notes);
                }))
            .ToList();
        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }
}
