namespace Gate.Core.Health;

/// <summary>
/// One query of the health port: the signal's id (<see cref="WellKnownSignals"/> for the built-in pack), its PromQL
/// with every <c>$placeholder</c> already substituted, its direct-scrape form when it has one, and the window.
/// </summary>
public sealed record HealthQuery
{
    /// <summary>Signal id, e.g. <c>apiserver-request-p99</c> (<see cref="WellKnownSignals"/>).</summary>
    public required string Signal { get; init; }

    /// <summary>PromQL, placeholders substituted. Evaluated by the Prometheus source.</summary>
    public required string Expression { get; init; }

    /// <summary>The same signal computed from raw <c>/metrics</c> scrapes; null when it has no such form.</summary>
    public ScrapeSpec? Scrape { get; init; }

    /// <summary>First evaluation time (inclusive).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Last evaluation time (inclusive). Equal to <see cref="Start"/> for an instant query.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Resolution of the samples.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>True when <see cref="Start"/> equals <see cref="End"/>: one sample at that time.</summary>
    public bool IsInstant => Start == End;

    /// <summary>An instant query at <paramref name="at"/>.</summary>
    public static HealthQuery Instant(string signal, string expression, DateTimeOffset at, ScrapeSpec? scrape = null) =>
        new() { Signal = signal, Expression = expression, Scrape = scrape, Start = at, End = at };
}
