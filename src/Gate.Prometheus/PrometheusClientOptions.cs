namespace Gate.Prometheus;

/// <summary>Timeouts and retries of <see cref="PrometheusClient"/>.</summary>
public sealed record PrometheusClientOptions
{
    /// <summary>Time allowed for one attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt (connection errors, timeouts, 429 and 5xx answers).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Delay before the first retry; doubles each time, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest answer read; a larger one is an error (the signal is inconclusive), never buffered.</summary>
    public long MaxBodyBytes { get; init; } = PrometheusResponseParser.MaxBodyBytes;

    /// <summary>
    /// Answers read and parsed at once; the others wait (within their attempt's deadline). Each answer is buffered up
    /// to <see cref="MaxBodyBytes"/> while it is parsed, so this bounds the memory hostile answers can take: a judge
    /// asks for every signal at once. Each slot keeps its buffer for the next answer (at most this many times
    /// <see cref="MaxBodyBytes"/> stays allocated).
    /// </summary>
    public int MaxConcurrentAnswers { get; init; } = 2;

    /// <summary>The longest Retry-After honoured before a retry (a longer one is shortened to this).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bearer token sent to Prometheus, if any (never logged).</summary>
    public string? BearerToken { get; init; }
}
