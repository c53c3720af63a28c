namespace Gate.Core.Health;

/// <summary>One sample of a signal.</summary>
public readonly record struct HealthSample(DateTimeOffset Timestamp, double Value);

/// <summary>One time series of a query result with its labels.</summary>
public sealed record HealthSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<HealthSample> Samples);

/// <summary>Why a query has no answer. Every kind makes the signal inconclusive (fail closed).</summary>
public enum HealthQueryErrorKind
{
    /// <summary>The source could not be reached (connection refused, DNS, TLS).</summary>
    Unreachable,

    /// <summary>The query did not answer in time, after retries.</summary>
    Timeout,

    /// <summary>The source rejected the query (PromQL syntax, bad parameters): a configuration error.</summary>
    BadQuery,

    /// <summary>The source answered with a server error or an unreadable body.</summary>
    ServerError,

    /// <summary>The source cannot compute this signal (e.g. kube-state-metrics signals from a direct scrape).</summary>
    Unsupported,
}

/// <summary>A failed query: its kind and a one-line message (no secrets).</summary>
public sealed record HealthQueryError(HealthQueryErrorKind Kind, string Message);

/// <summary>The answer of <see cref="IHealthSource.QueryAsync"/>: series (possibly none) or an error.</summary>
public sealed record HealthQueryResult
{
    /// <summary>The result series; empty when the query matched nothing or failed.</summary>
    public IReadOnlyList<HealthSeries> Series { get; init; } = [];

    /// <summary>The error, or null when the query succeeded.</summary>
    public HealthQueryError? Error { get; init; }

    public bool IsSuccess => Error is null;

    /// <summary>True when the query succeeded but returned no sample at all.</summary>
    public bool IsEmpty => IsSuccess && Series.All(s => s.Samples.Count == 0);

    public static HealthQueryResult Success(IReadOnlyList<HealthSeries> series) => new() { Series = series };

    /// <summary>A single unlabelled series.</summary>
    public static HealthQueryResult FromSamples(IReadOnlyList<HealthSample> samples) =>
        new() { Series = [new HealthSeries(new Dictionary<string, string>(), samples)] };

    public static HealthQueryResult Failed(HealthQueryErrorKind kind, string message) => new() { Error = new HealthQueryError(kind, message) };

    /// <summary>
    /// The worst value at each timestamp across series (max, or min when <paramref name="lowerIsWorse"/>), in time
    /// order: several API server instances reduce to the worst one. A NaN of one instance gives way to another's
    /// number; a timestamp where every instance is NaN stays NaN, and an infinity always survives (the worse one
    /// when both occur), so the judge sees every non-finite value it must not call healthy.
    /// </summary>
    public IReadOnlyList<HealthSample> Worst(bool lowerIsWorse = false) =>
        Series.SelectMany(s => s.Samples)
            .GroupBy(s => s.Timestamp)
            .OrderBy(g => g.Key)
            .Select(g => new HealthSample(g.Key, WorstOf(g.Select(s => s.Value).ToList(), lowerIsWorse)))
            .ToList();

    private static double WorstOf(List<double> values, bool lowerIsWorse)
    {
        var worse = lowerIsWorse ? double.NegativeInfinity : double.PositiveInfinity;
        if (values.Contains(worse))
        {
            return worse;
        }

        if (values.Exists(double.IsInfinity))
        {
            return -worse;
        }

        var numbers = values.Where(v => !double.IsNaN(v)).ToList();
        return numbers.Count == 0 ? double.NaN : lowerIsWorse ? numbers.Min() : numbers.Max();
    }
}
