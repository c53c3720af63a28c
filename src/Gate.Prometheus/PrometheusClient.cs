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
    private readonly TimeProvider clock;
    private readonly AuthenticationHeaderValue? userInfo;
    private readonly string? password;
    private readonly ResiliencePipeline<Answer> pipeline;
    private readonly SemaphoreSlim answerSlots;
    private readonly System.Collections.Concurrent.ConcurrentBag<MemoryStream> answerBuffers = [];

    /// <summary>
    /// A client of the API at <paramref name="baseAddress"/>. User information in the address
    /// (<c>http://user:password@host</c>) is sent as HTTP basic authentication (unless a bearer token is set) and
    /// appears nowhere: not in <see cref="BaseAddress"/>, messages or errors.
    /// </summary>
    public PrometheusClient(HttpClient http, Uri baseAddress, PrometheusClientOptions? options = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.http = http;
        if (baseAddress.UserInfo.Length > 0)
        {
            var credentials = Uri.UnescapeDataString(baseAddress.UserInfo);
            userInfo = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
            password = credentials.Contains(':', StringComparison.Ordinal) ? credentials[(credentials.IndexOf(':', StringComparison.Ordinal) + 1)..] : null;
            baseAddress = new UriBuilder(baseAddress) { UserName = string.Empty, Password = string.Empty }.Uri;
        }

        this.baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        this.options = options ?? new PrometheusClientOptions();
        Gate.Core.Diagnostics.SecretValues.Remember(this.options.BearerToken);
        Gate.Core.Diagnostics.SecretValues.Remember(password);
        this.clock = clock ?? TimeProvider.System;
        answerSlots = new SemaphoreSlim(Math.Max(1, this.options.MaxConcurrentAnswers));
        var builder = new ResiliencePipelineBuilder<Answer> { TimeProvider = this.clock };
        if (this.options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Answer>
            {
                MaxRetryAttempts = this.options.MaxRetries,
                Delay = this.options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<Answer>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<IOException>()
                    .HandleResult(r => r.Status is HttpStatusCode.TooManyRequests || (int)r.Status >= 500),

                // An overloaded Prometheus (or the proxy in front of it) says when to come back: wait that long.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
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
        Answer answer;
        try
        {
            // Each attempt sends, reads and parses within the attempt timeout: a slow or endless body is abandoned
            // like a slow header, and the body is parsed from the stream (never held as a string), at most
            // PrometheusResponseParser.MaxBodyBytes of it, by at most MaxConcurrentAnswers attempts at once.
            answer = await pipeline.ExecuteAsync(
                async ct =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = new FormUrlEncodedContent(form) };
                    Authorize(request);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                    var retryAfter = RetryAfter(response);
                    try
                    {
                        if (response.Content.Headers.ContentLength > options.MaxBodyBytes)
                        {
                            throw new PrometheusQueryException(
                                HealthQueryErrorKind.ServerError,
                                $"HTTP {(int)response.StatusCode}: the answer is larger than {options.MaxBodyBytes / (1024 * 1024)} MiB; not read");
                        }

                        // One of MaxConcurrentAnswers slots, each with a buffer kept for the next answer: hostile
                        // answers cost at most that many buffers of MaxBodyBytes, not one of garbage each.
                        await answerSlots.WaitAsync(ct).ConfigureAwait(false);
                        var buffer = answerBuffers.TryTake(out var kept) ? kept : new MemoryStream();
                        try
                        {
                            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                            var series = await PrometheusResponseParser.ParseAsync(response.StatusCode, body, options.MaxBodyBytes, buffer, ct).ConfigureAwait(false);
                            return new Answer(response.StatusCode, retryAfter, series, null);
                        }
                        finally
                        {
                            answerBuffers.Add(buffer);
                            answerSlots.Release();
                        }
                    }
                    catch (PrometheusQueryException ex)
                    {
                        return new Answer(response.StatusCode, retryAfter, null, ex);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new PrometheusQueryException(HealthQueryErrorKind.Timeout, $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s after {options.MaxRetries + 1} attempts", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PrometheusQueryException(HealthQueryErrorKind.Unreachable, $"{Describe(ex)} ({Redacted})", ex);
        }
        catch (IOException ex)
        {
            throw new PrometheusQueryException(HealthQueryErrorKind.Unreachable, $"the answer was cut off ({Redacted})", ex);
        }

        if (answer.Error is { } error)
        {
            throw new PrometheusQueryException(error.Kind, RedactToken(error.Message), error);
        }

        return answer.Series ?? [];
    }

    /// <summary>The base address without credentials, for messages and the source's name.</summary>
    private string Redacted => baseAddress.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, options.MaxRetryAfter.Ticks)) : null;
    }

    // An upstream error body may echo what it was sent: the token and the password are removed by value.
    private string RedactToken(string message)
    {
        foreach (var secret in new[] { options.BearerToken, password })
        {
            if (secret is { Length: >= 4 })
            {
                message = message.Replace(secret, "[REDACTED]", StringComparison.Ordinal);
            }
        }

        return message;
    }

    /// <summary>One attempt's outcome: a status to retry on (with its Retry-After), parsed series, or a parse error.</summary>
    private sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, IReadOnlyList<HealthSeries>? Series, PrometheusQueryException? Error);

    private void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = string.IsNullOrEmpty(options.BearerToken) ? userInfo : new AuthenticationHeaderValue("Bearer", options.BearerToken);

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
