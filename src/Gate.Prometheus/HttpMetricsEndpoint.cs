namespace Gate.Prometheus;

/// <summary>
/// <see cref="IMetricsEndpoint"/> over an <see cref="HttpClient"/> (the Kubernetes client's, whose handler carries
/// TLS client certificates, or a plain one for a loopback endpoint) and an optional per-request
/// <c>authorize</c> step (the Kubernetes client's credentials: bearer tokens, exec plugins).
/// </summary>
public sealed class HttpMetricsEndpoint : IMetricsEndpoint
{
    private readonly HttpClient http;
    private readonly Uri baseAddress;
    private readonly Func<HttpRequestMessage, CancellationToken, Task>? authorize;

    public HttpMetricsEndpoint(HttpClient http, Uri baseAddress, Func<HttpRequestMessage, CancellationToken, Task>? authorize = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.http = http;
        this.authorize = authorize;
        this.baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    public string Name => "scrape " + new Uri(baseAddress, "metrics").GetLeftPart(UriPartial.Path);

    public async Task<string> ScrapeAsync(CancellationToken cancellationToken = default)
    {
        using var response = await GetAsync("metrics", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await GetAsync(path.TrimStart('/'), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, path));
        if (authorize is not null)
        {
            await authorize(request, cancellationToken).ConfigureAwait(false);
        }

        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
