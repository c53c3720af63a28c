using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Gate.Core.Health;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Gate.Prometheus;

/// <summary>
/// Client of the Prometheus HTTP API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>): form-encoded POSTs, a
/// per-attempt timeout and retries with exponential backoff (Polly) on connection errors, timeouts, 429 and 5xx.
/// A 400/422 (bad PromQL) is not retried. Failures throw <see cref="PrometheusQueryException"/>.
/// </summary>
public sealed class PrometheusClient
{
    private readonly HttpClient http;
    private readonly Uri baseAddress;
    private readonly PrometheusClientOptions options;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public PrometheusClient(HttpClient http, Uri baseAddress, PrometheusClientOptions? options = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.http = http;
        this.baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        this.options = options ?? new PrometheusClientOptions();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock ?? TimeProvider.System };
        if (this.options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = this.options.MaxRetries,
                Delay = this.options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline = builder.AddTimeout(this.options.AttemptTimeout).Build();
    }

    /// <summary>The API's base address (no credentials).</summary>
    public Uri BaseAddress => baseAddress;

    /// <summary>An instant query at <paramref name="time"/>.</summary>
    public Task<IReadOnlyList<HealthSeries>> QueryAsync(string expression, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        PostAsync("api/v1/query", [new("query", expression), new("time", Unix(time))], cancellationToken);

    /// <summary>A range query: one sample per <paramref name="step"/> from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public Task<IReadOnlyList<HealthSeries>> QueryRangeAsync(string expression, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(step.TotalSeconds, 0.001);
        return PostAsync(
            "api/v1/query_range",
            [new("query", expression), new("start", Unix(start)), new("end", Unix(end)), new("step", seconds.ToString("0.###", CultureInfo.InvariantCulture))],
            cancellationToken);
    }

    /// <summary>True when <c>/-/ready</c> answers 200 (one attempt, no retries).</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.AttemptTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "-/ready"));
            Authorize(request);
            using var response = await http.SendAsync(request, cts.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<HealthSeries>> PostAsync(string path, KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async ct =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = new FormUrlEncodedContent(form) };
                    Authorize(request);
                    return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new PrometheusQueryException(HealthQueryErrorKind.Timeout, $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s after {options.MaxRetries + 1} attempts", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PrometheusQueryException(HealthQueryErrorKind.Unreachable, $"{Describe(ex)} ({baseAddress.GetLeftPart(UriPartial.Authority)})", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return PrometheusResponseParser.Parse(response.StatusCode, body);
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
    }

    private static string Describe(HttpRequestException ex) =>
        ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "connection refused",
            HttpRequestError.NameResolutionError => "name not resolved",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            _ => "request failed: " + ex.Message,
        };

    private static string Unix(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
