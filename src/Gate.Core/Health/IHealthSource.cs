namespace Gate.Core.Health;

/// <summary>
/// The health port: answers one named signal's query over a time window. Implementations: the Prometheus HTTP API
/// (<c>Gate.Prometheus.PrometheusHealthSource</c>, evaluates <see cref="HealthQuery.Expression"/>), a direct scrape of
/// the API server's <c>/metrics</c> (<c>Gate.Prometheus.ScrapeHealthSource</c>, evaluates <see cref="HealthQuery.Scrape"/>),
/// and the simulator (switches on <see cref="HealthQuery.Signal"/>, see <see cref="WellKnownSignals"/>).
/// </summary>
/// <remarks>
/// An implementation never throws for a failed query: it returns <see cref="HealthQueryResult.Failed"/> with the
/// error kind, so the judge can fail closed (an error is inconclusive, never healthy). Only cancellation throws.
/// </remarks>
public interface IHealthSource
{
    /// <summary>A short name for reports, e.g. <c>prometheus http://127.0.0.1:9090</c> or <c>simulator</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Evaluates <paramref name="query"/> over its window: one sample per <see cref="HealthQuery.Step"/> from
    /// <see cref="HealthQuery.Start"/> to <see cref="HealthQuery.End"/> (an instant query when both are equal).
    /// </summary>
    Task<HealthQueryResult> QueryAsync(HealthQuery query, CancellationToken cancellationToken = default);
}
