namespace Gate.Prometheus;

/// <summary>
/// <see cref="IMetricsEndpoint"/> over an <see cref="HttpClient"/> whose handler carries the authentication (the
/// Kubernetes client's handler for the API server, or none for a loopback endpoint).
/// </summary>
public sealed class HttpMetricsEndpoint : IMetricsEndpoint
{
    private readonly HttpClient http;
    private readonly Uri baseAddress;

    public HttpMetricsEndpoint(HttpClient http, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.http = http;
        this.baseAddress = baseAddress;
    }

    public string Name => "scrape " + baseAddress.GetLeftPart(UriPartial.Authority) + "/metrics";

    public async Task<string> ScrapeAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri(baseAddress, "/metrics"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri(baseAddress, path), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }
}
