using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Grafana Promtail: <c>scrape_configs[].kubernetes_sd_configs</c> as Prometheus discovery, except that Promtail adds
/// <c>spec.nodeName=$HOSTNAME</c> to a role-pod config that has no selectors (it leaves explicit selectors as they are).
/// Upstream (grafana/loki, Promtail 3.x; the reference cases run 3.3.0): clients/pkg/promtail/targets/file/
/// filetargetmanager.go <c>NewFileTargetManager</c> → <c>fulfillKubePodSelector</c>: with no selectors it adds a pod
/// selector on <c>spec.nodeName</c> (the host name from <c>HOSTNAME</c>, else <c>os.Hostname()</c>); its loop over
/// explicit selectors edits copies, so those reach the API unchanged. The informers themselves are Prometheus'
/// (see <see cref="PrometheusServiceDiscovery"/>). All jobs' configs go to one Prometheus discovery manager, which
/// runs one provider for configs that are equal (prometheus/prometheus discovery/manager.go
/// <c>registerProviders</c>, <c>reflect.DeepEqual</c>): several role-pod jobs without selectors, made equal by the
/// node selector, share one pod informer. Configs are taken as equal when they make the same requests of the same
/// <c>api_server</c>/<c>kubeconfig_file</c> (differences only in TLS or auth settings would keep two providers).
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
        var discovery = new PrometheusServiceDiscovery.DiscoveryManager();
        foreach (var scrape in roots.SelectMany(r => r.GetItems("scrape_configs")).OfType<ManifestMapping>())
        {
            var job = scrape.GetString("job_name");
            foreach (var sd in scrape.GetItems("kubernetes_sd_configs").OfType<ManifestMapping>())
            {
                if (!expandEnv && sd.GetItems("selectors").OfType<ManifestMapping>().Any(s => (s.GetString("field") ?? string.Empty).Contains('$', StringComparison.Ordinal)))
                {
                    notes.Add($"promtail: a selector at {sd.PositionOf("selectors")} uses ${{...}} but -config.expand-env=true is not set, so it is sent literally");
                }

                var name = $"promtail job {job}";
                patterns.AddRange(discovery.Register(sd, PrometheusServiceDiscovery.Analyze(sd, context, name, "spec.nodeName=$(HOSTNAME)", notes), name, notes));
            }
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }
}
