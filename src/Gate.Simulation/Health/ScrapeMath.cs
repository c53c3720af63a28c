using Gate.Prometheus;
using Gate.Core.Health;
using Gate.Simulation.Metrics;

namespace Gate.Simulation.Health;

/// <summary>
/// Evaluates a <see cref="ScrapeSpec"/> between two scrapes of one target, as a scraper without a PromQL engine does:
/// counter increases (a restart resets counters), histogram quantiles from bucket increases, gauges at the later scrape.
/// </summary>
internal static class ScrapeMath
{
    /// <summary>
    /// The value of <paramref name="spec"/> over several targets, each scraped at an earlier and a later time, summed
    /// across targets like PromQL's <c>sum(rate(…))</c> (a restart between the scrapes resets that target's counters).
    /// NaN when undefined.
    /// </summary>
    public static double Evaluate(ScrapeSpec spec, IReadOnlyList<(ScrapeRecord Earlier, ScrapeRecord Later)> targets, double seconds)
    {
        double Across(Func<IReadOnlyList<MetricSample>, IReadOnlyList<MetricSample>, double> f) =>
            targets.Sum(t => f(t.Earlier.StartTime != t.Later.StartTime ? [] : t.Earlier.Samples ?? [], t.Later.Samples ?? []));

        switch (spec.Kind)
        {
            case ScrapeKind.CounterRate:
                return seconds <= 0 ? double.NaN : Across((b, a) => Increase(spec, spec.Metric, b, a)) / seconds;
            case ScrapeKind.CounterRatio:
                var denominator = Across((b, a) => Increase(spec.Denominator!, spec.Denominator!.Metric, b, a));
                return denominator <= 0 ? double.NaN : Across((b, a) => Increase(spec, spec.Metric, b, a)) / denominator;
            case ScrapeKind.Gauge:
                return Across((_, a) => Sum(spec, spec.Metric, a));
            case ScrapeKind.GaugeRatio:
                var total = Across((_, a) => Sum(spec.Denominator!, spec.Denominator!.Metric, a));
                return total <= 0 ? double.NaN : Across((_, a) => Sum(spec, spec.Metric, a)) / total;
            case ScrapeKind.HistogramQuantile:
                return Quantile(spec, targets.Select(t => (t.Earlier.StartTime != t.Later.StartTime ? [] : t.Earlier.Samples ?? [], t.Later.Samples ?? [])).ToList());
            default:
                return double.NaN;
        }
    }

    private static bool Matches(ScrapeSpec spec, MetricSample sample) => spec.Match.All(m => m.Matches(sample.Label(m.Label)));

    private static double Sum(ScrapeSpec spec, string name, IReadOnlyList<MetricSample> samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            if (s.Name == name && Matches(spec, s))
            {
                sum += s.Value;
            }
        }

        return sum;
    }

    private static double Increase(ScrapeSpec spec, string name, IReadOnlyList<MetricSample> before, IReadOnlyList<MetricSample> after) =>
        Math.Max(0, Sum(spec, name, after) - Sum(spec, name, before));

    private static double Quantile(ScrapeSpec spec, List<(IReadOnlyList<MetricSample> Before, IReadOnlyList<MetricSample> After)> targets)
    {
        var name = spec.Metric + "_bucket";
        var buckets = new SortedDictionary<double, double>();
        void Add(IReadOnlyList<MetricSample> samples, double sign)
        {
            foreach (var s in samples)
            {
                if (s.Name == name && Matches(spec, s))
                {
                    var le = s.Label("le") == "+Inf" ? double.PositiveInfinity : double.Parse(s.Label("le"), System.Globalization.CultureInfo.InvariantCulture);
                    buckets[le] = buckets.GetValueOrDefault(le) + (sign * s.Value);
                }
            }
        }

        foreach (var (before, after) in targets)
        {
            Add(after, 1);
            Add(before, -1);
        }
        if (buckets.Count == 0 || !buckets.TryGetValue(double.PositiveInfinity, out var count) || count <= 0)
        {
            return double.NaN;
        }

        // histogram_quantile: find the bucket holding the rank, interpolate linearly inside it.
        var rank = spec.Quantile * count;
        var lower = 0.0;
        var below = 0.0;
        foreach (var (le, cumulative) in buckets)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(le))
                {
                    return lower;
                }

                var inBucket = cumulative - below;
                return inBucket <= 0 ? le : lower + ((le - lower) * (rank - below) / inBucket);
            }

            lower = le;
            below = cumulative;
        }

        return lower;
    }
}
