using System.Net;
using Polly;
using Polly.Retry;

namespace Gate.Kubernetes;

/// <summary>Retry settings of the gate's API requests.</summary>
public sealed record RetrySettings
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff (doubles each retry) when the server gives no Retry-After.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between attempts (also caps Retry-After).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Real-time limit of one attempt (a hung request is abandoned and retried).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Retries every request of the Kubernetes client on 429 (waiting the server's Retry-After), 5xx, connection
/// failures and per-attempt timeouts, with exponential backoff, through a Polly pipeline on the gate's clock.
/// 409 and 4xx are not retried here: conflicts are the caller's to resolve by re-reading.
/// </summary>
public sealed class RetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly RetrySettings settings;

    public RetryHandler(RetrySettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>()
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                DelayGenerator = args =>
                {
                    var retryAfter = args.Outcome.Result?.Headers.RetryAfter;
                    TimeSpan? delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
                    return ValueTask.FromResult(delay is { } d ? (TimeSpan?)TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, settings.MaxDelay.Ticks)) : null);
                },
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Requests retried so far (for tests and the verbose log).</summary>
    public int Retries { get; private set; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = 0;
        return await pipeline.ExecuteAsync(
            async token =>
            {
                if (attempt++ > 0)
                {
                    Retries++;
                }

                if (request.Content is not null)
                {
                    await request.Content.LoadIntoBufferAsync(token).ConfigureAwait(false);
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(settings.AttemptTimeout);
                try
                {
                    return await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!token.IsCancellationRequested)
                {
                    throw new TimeoutException($"no answer from the API server within {settings.AttemptTimeout.TotalSeconds:0.#}s", ex);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }
}
