using Gate.Core;
using Gate.Core.Health;
using Gate.Prometheus;
using k8s;
using k8s.Exceptions;

namespace Gate.Cli.Commands.Analyze;

/// <summary>
/// <c>gate analyze --scrape-apiserver</c>: no Prometheus, so the API server's <c>/metrics</c> is scraped twice,
/// <see cref="HealthSettings.Step"/> apart, through the Kubernetes client (its authentication), and each signal's
/// direct-scrape form is computed from the pair. No history means no baseline: only absolute thresholds apply.
/// </summary>
internal static class ApiServerScrape
{
    public static async Task<HealthVerdict> AnalyzeAsync(CliContext context, AnalyzeRequest request, HealthPack pack, CanaryContext? canary, CancellationToken cancellationToken)
    {
        var kubeconfig = request.Kubeconfig ?? context.GetEnvironmentVariable("KUBECONFIG");
        if (kubeconfig is not null)
        {
            kubeconfig = context.ResolvePath(kubeconfig);
            if (!File.Exists(kubeconfig))
            {
                throw new GateUsageException($"kubeconfig not found: {request.Kubeconfig ?? kubeconfig}", null, "pass --kubeconfig FILE or set KUBECONFIG");
            }
        }

        KubernetesClientConfiguration config;
        try
        {
            config = kubeconfig is null && KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, request.Context);
        }
        catch (KubeConfigException ex)
        {
            throw new GateUsageException("invalid kubeconfig: " + ex.Message, null, "check --kubeconfig and --context", ex);
        }

        using var client = new k8s.Kubernetes(config);
        var source = new ScrapeHealthSource(new HttpMetricsEndpoint(client.HttpClient, client.BaseUri), context.Clock);
        var first = context.Clock.GetUtcNow();
        if (!await source.ScrapeAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new GateEnvironmentException($"the API server's /metrics at {client.BaseUri.GetLeftPart(UriPartial.Authority)} could not be scraped");
        }

        await Task.Delay(pack.Settings.Step, context.Clock, cancellationToken).ConfigureAwait(false);
        await source.ScrapeAsync(cancellationToken).ConfigureAwait(false);
        var judge = new HealthJudge(pack, source);
        return await judge.EvaluateAsync(new HealthWindow(first, context.Clock.GetUtcNow()), null, canary, 0, cancellationToken).ConfigureAwait(false);
    }
}
