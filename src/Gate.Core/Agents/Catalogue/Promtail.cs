using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Grafana Promtail: <c>scrape_configs[].kubernetes_sd_configs</c> as Prometheus discovery, except that Promtail adds
/// <c>spec.nodeName=$HOSTNAME</c> to a role-pod config that has no selectors (it leaves explicit selectors as they are).
/// </summary>
public sealed class Promtail : IAgentModel
{
    public string Id => "promtail";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Container.ImageRepository.Contains("promtail", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var roots = context.SelectConfigs(ConfigDocuments.IsYamlLike)
            .Select(f => ConfigDocuments.ReadMapping(f, context.Limits, notes))
            .OfType<ManifestMapping>()
            .Where(r => r["scrape_configs"] is not null || r["clients"] is not null || r["positions"] is not null)
            .ToList();
        if (roots.Count == 0)
        {
            return new AgentAnalysis { Agent = Id, ConfigFound = false, Notes = notes };
        }

        var expandEnv = context.Flag("-config.expand-env", "--config.expand-env") is { } flag && flag.Value is "" or "true";
        var patterns = new List<AccessPattern>();
        foreach (var scrape in roots.SelectMany(r => r.GetItems("scrape_configs")).OfType<ManifestMapping>())
        {
            foreach (var sd in scrape.GetItems("kubernetes_sd_configs").OfType<ManifestMapping>())
            {
                if (!expandEnv && sd.GetItems("selectors").OfType<ManifestMapping>().Any(s => (s.GetString("field") ?? string.Empty).Contains('$', StringComparison.Ordinal)))
                {
                    notes.Add($"promtail: a selector at {sd.PositionOf("selectors")} uses ${{...}} but -config.expand-env=true is not set, so it is sent literally");
                }

                patterns.AddRange(PrometheusServiceDiscovery.Analyze(sd, context, $"promtail job {scrape.GetString("job_name")}", "spec.nodeName=$(HOSTNAME)", notes));
            }
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }
}
