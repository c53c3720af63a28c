namespace Gate.Core.Health;

/// <summary>How a signal is computed from raw Prometheus text scrapes (no PromQL engine available).</summary>
public enum ScrapeKind
{
    /// <summary>A quantile of a histogram's bucket increase between two scrapes, summed over matching series.</summary>
    HistogramQuantile,

    /// <summary>Per-second increase of a counter between two scrapes, summed over matching series.</summary>
    CounterRate,

    /// <summary>Counter rate of the matching series divided by the counter rate of the <see cref="ScrapeSpec.Denominator"/> series.</summary>
    CounterRatio,

    /// <summary>Sum of a gauge over matching series, at the later scrape.</summary>
    Gauge,

    /// <summary>Sum of a gauge over matching series divided by the sum over the <see cref="ScrapeSpec.Denominator"/> series.</summary>
    GaugeRatio,

    /// <summary>An HTTP probe of <see cref="ScrapeSpec.Path"/> (e.g. <c>/readyz</c>): 1 when it answers 200, else 0.</summary>
    Probe,
}

/// <summary>A label condition: the label's value must (or must not) be one of <see cref="Values"/>.</summary>
/// <param name="Label">Label name.</param>
/// <param name="Values">Allowed (or excluded) values; a value ending in <c>*</c> matches the prefix before it.</param>
/// <param name="Negate">True for "not one of".</param>
public sealed record LabelMatch(string Label, IReadOnlyList<string> Values, bool Negate = false)
{
    /// <summary>True when <paramref name="value"/> (empty when the label is absent) satisfies the condition.</summary>
    public bool Matches(string? value)
    {
        var v = value ?? string.Empty;
        var any = Values.Any(p => p.EndsWith('*') ? v.StartsWith(p[..^1], StringComparison.Ordinal) : string.Equals(p, v, StringComparison.Ordinal));
        return any != Negate;
    }
}

/// <summary>The direct-scrape form of a signal (see <see cref="ScrapeKind"/>).</summary>
public sealed record ScrapeSpec
{
    public required ScrapeKind Kind { get; init; }

    /// <summary>Metric family name without suffix (<c>apiserver_request_duration_seconds</c>); empty for <see cref="ScrapeKind.Probe"/>.</summary>
    public string Metric { get; init; } = string.Empty;

    /// <summary>Label conditions on the numerator series (all must hold).</summary>
    public IReadOnlyList<LabelMatch> Match { get; init; } = [];

    /// <summary>Quantile for <see cref="ScrapeKind.HistogramQuantile"/>, e.g. 0.99.</summary>
    public double Quantile { get; init; } = 0.99;

    /// <summary>Denominator for the ratio kinds: metric and label conditions.</summary>
    public ScrapeSpec? Denominator { get; init; }

    /// <summary>Path probed by <see cref="ScrapeKind.Probe"/>.</summary>
    public string Path { get; init; } = "/readyz";

    /// <summary>
    /// True when a family with no matching series counts as 0 instead of "no data" (YAML <c>absent: zero</c>). A
    /// counter vector gets a series only at its first increment (kube-apiserver's <c>code="429"</c> requests, APF
    /// rejections), so on a healthy server the series is simply missing. It applies to the numerator only: a ratio's
    /// denominator, and the scrape itself, must still be there, so an unscraped server stays "no data".
    /// </summary>
    public bool AbsentIsZero { get; init; }

    /// <summary>This spec with <paramref name="render"/> applied to every label value (placeholder substitution).</summary>
    public ScrapeSpec Render(Func<string, string> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        return this with
        {
            Match = Match.Select(m => m with { Values = m.Values.Select(render).ToList() }).ToList(),
            Denominator = Denominator?.Render(render),
        };
    }
}
