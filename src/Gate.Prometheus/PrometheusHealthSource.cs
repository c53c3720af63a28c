using Gate.Core.Health;

namespace Gate.Prometheus;

/// <summary>The health port over the Prometheus HTTP API: evaluates each signal's PromQL (instant or range).</summary>
public sealed class PrometheusHealthSource : IHealthSource
{
    private readonly PrometheusClient client;

    public PrometheusHealthSource(PrometheusClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
    }

    public string Name => "prometheus " + client.BaseAddress.GetLeftPart(UriPartial.Authority);

    public async Task<HealthQueryResult> QueryAsync(HealthQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var series = query.IsInstant
                ? await client.QueryAsync(query.Expression, query.Start, cancellationToken).ConfigureAwait(false)
                : await client.QueryRangeAsync(query.Expression, query.Start, query.End, query.Step, cancellationToken).ConfigureAwait(false);
            return HealthQueryResult.Success(series);
        }
        catch (PrometheusQueryException ex)
        {
            return HealthQueryResult.Failed(ex.Kind, ex.Message);
        }
    }
}
