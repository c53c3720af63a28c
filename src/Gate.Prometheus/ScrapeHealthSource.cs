using Gate.Core.Health;

namespace Gate.Prometheus;

/// <summary>
/// The health port without Prometheus: keeps the API server's <c>/metrics</c> scrapes taken with
/// <see cref="ScrapeAsync"/> and answers each signal's <see cref="HealthQuery.Scrape"/> form from consecutive pairs
/// inside the query window (one sample per pair, at the later scrape). Signals without a scrape form (kube-state-
/// metrics, CoreDNS) are <see cref="HealthQueryErrorKind.Unsupported"/>; fewer than two scrapes is no data.
/// </summary>
public sealed class ScrapeHealthSource : IHealthSource
{
    private readonly IMetricsEndpoint endpoint;
    private readonly TimeProvider clock;
    private readonly List<(DateTimeOffset At, IReadOnlyList<MetricSample> Samples)> scrapes = [];
    private readonly Lock gate = new();
    private readonly SeriesTable series = new();
    private string? lastError;

    public ScrapeHealthSource(IMetricsEndpoint endpoint, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        this.endpoint = endpoint;
        this.clock = clock ?? TimeProvider.System;
    }

    public string Name => endpoint.Name;

    /// <summary>Scrapes taken so far.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return scrapes.Count;
            }
        }
    }

    /// <summary>Takes one scrape now. Returns false (and remembers why) when the endpoint fails.</summary>
    public async Task<bool> ScrapeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var text = await endpoint.ScrapeAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<MetricSample> samples;
            lock (gate)
            {
                samples = PrometheusTextParser.Parse(text, series);
                scrapes.Add((clock.GetUtcNow(), samples));
                lastError = null;
            }

            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            lock (gate)
            {
                lastError = ex is FormatException ? "unreadable /metrics: " + ex.Message : "scrape failed: " + ex.Message;
            }

            return false;
        }
    }

    public async Task<HealthQueryResult> QueryAsync(HealthQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Scrape is not { } spec)
        {
            return HealthQueryResult.Failed(HealthQueryErrorKind.Unsupported, "this signal needs Prometheus (no direct-scrape form)");
        }

        if (spec.Kind == ScrapeKind.Probe)
        {
            return await ProbeAsync(spec.Path, cancellationToken).ConfigureAwait(false);
        }

        List<(DateTimeOffset At, IReadOnlyList<MetricSample> Samples)> taken;
        string? error;
        lock (gate)
        {
            taken = scrapes.Where(s => s.At >= query.Start - query.Step && s.At <= query.End).OrderBy(s => s.At).ToList();
            error = lastError;
        }

        if (taken.Count == 0 && error is not null)
        {
            return HealthQueryResult.Failed(HealthQueryErrorKind.Unreachable, error);
        }

        var samples = new List<HealthSample>();
        for (var i = 1; i < taken.Count; i++)
        {
            var elapsed = taken[i].At - taken[i - 1].At;
            if (elapsed <= TimeSpan.Zero)
            {
                continue;
            }

            var value = ScrapeMath.Compute(spec, taken[i - 1].Samples, taken[i].Samples, elapsed);
            if (!double.IsNaN(value))
            {
                samples.Add(new HealthSample(taken[i].At, value));
            }
        }

        return HealthQueryResult.FromSamples(samples);
    }

    private async Task<HealthQueryResult> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var ok = await endpoint.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
            return HealthQueryResult.FromSamples([new HealthSample(clock.GetUtcNow(), ok ? 1 : 0)]);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthQueryResult.Failed(HealthQueryErrorKind.Unreachable, $"probe of {path} failed: {ex.Message}");
        }
    }
}
