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

    /// <summary>Bearer token sent to Prometheus, if any (never logged).</summary>
    public string? BearerToken { get; init; }
}
