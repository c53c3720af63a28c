using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Grafana Promtail: <c>scrape_configs[].kubernetes_sd_configs</c> as Prometheus discovery, except that Promtail adds
/// <c>spec.nodeName=$HOSTNAME</c> to a role-pod config that has no selectors (it leaves explicit selectors as they are).
/// Upstream (grafana/loki, Promtail 3.x; the reference cases run 3.3.0): clients/pkg/promtail/targets/file/
/// filetargetmanager.go <c>NewFileTargetManager</c> → <c>fulfillKubePodSelector</c>: with no selectors it adds a pod
/// selector on <c>spec.nodeName</c> (the host name from <c>HOSTNAME</c>, else <c>os.Hostname()</c>); its loop over
/// explicit selectors edits copies, so those reach the API unchanged. The informers themselves are Prometheus'
/// (see <see cref="PrometheusServiceDiscovery"/>).
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
        var roots = context.YamlConfigs(r => r["scrape_configs"] is not null || r["clients"] is not null || r["positions"] is not null, notes);
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
