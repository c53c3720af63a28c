namespace Gate.Prometheus;

/// <summary>Where raw metrics come from: the API server's <c>/metrics</c> (through the Kubernetes client, or plain HTTP).</summary>
public interface IMetricsEndpoint
{
    /// <summary>A short description for reports (no credentials).</summary>
    string Name { get; }

    /// <summary>The text-format body of <c>/metrics</c>; throws <see cref="HttpRequestException"/> when unreachable.</summary>
    Task<string> ScrapeAsync(CancellationToken cancellationToken = default);

    /// <summary>GETs <paramref name="path"/> (e.g. <c>/readyz</c>) and returns true for a 2xx answer; throws when unreachable.</summary>
    Task<bool> ProbeAsync(string path, CancellationToken cancellationToken = default);
}
