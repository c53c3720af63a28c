using Gate.Core;
using Gate.Core.Health;
using Gate.Prometheus;
using Gate.Kubernetes;

namespace Gate.Cli.Commands.Analyze;

/// <summary>
/// <c>gate analyze --scrape-apiserver</c>: no Prometheus, so the API server's <c>/metrics</c> is scraped twice,
/// <see cref="HealthSettings.Step"/> apart, through the Kubernetes client (its authentication), and each signal's
/// direct-scrape form is computed from the pair. No history means no baseline: only absolute thresholds apply.
/// The client is the one every cluster command uses (<see cref="KubernetesConnection"/>: retries, exit codes).
/// </summary>
internal static class ApiServerScrape
{
    public static async Task<HealthVerdict> AnalyzeAsync(CliContext context, AnalyzeRequest request, HealthPack pack, CanaryContext? canary, CancellationToken cancellationToken)
    {
        using var client = KubernetesConnection.Connect(KubeconfigOptions.Read(context, request.Kubeconfig, request.Context), context.Clock, context.GetEnvironmentVariable).Client;
        // The client's HttpClient carries TLS and the retry handler; bearer tokens and exec plugins are the client's
        // credentials, applied per request (the API server's /metrics needs them like any other path).
        var endpoint = new HttpMetricsEndpoint(client.HttpClient, client.BaseUri, client.Credentials is { } credentials ? credentials.ProcessHttpRequestAsync : null);
        var source = new ScrapeHealthSource(endpoint, context.Clock);
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
