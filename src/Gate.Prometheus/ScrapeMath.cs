using System.Globalization;
using Gate.Core.Health;

namespace Gate.Prometheus;

/// <summary>
/// Signal values from two raw scrapes, as PromQL would compute them: counter rates (resets handled), histogram
/// quantiles (Prometheus' linear interpolation within the bucket), gauges and their ratios. NaN means no data.
/// </summary>
public static class ScrapeMath
{
    /// <summary>Computes <paramref name="spec"/> between an earlier and a later scrape taken <paramref name="elapsed"/> apart.</summary>
    public static double Compute(ScrapeSpec spec, IReadOnlyList<MetricSample> earlier, IReadOnlyList<MetricSample> later, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            ScrapeKind.HistogramQuantile => Quantile(spec.Quantile, BucketIncreases(spec, earlier, later)),
            ScrapeKind.CounterRate => Increase(spec.Metric, spec.Match, earlier, later) / elapsed.TotalSeconds,
            ScrapeKind.CounterRatio => Ratio(Increase(spec.Metric, spec.Match, earlier, later), Increase(spec.Denominator!.Metric, spec.Denominator.Match, earlier, later)),
            ScrapeKind.Gauge => Gauge(spec.Metric, spec.Match, later),
            ScrapeKind.GaugeRatio => Ratio(Gauge(spec.Metric, spec.Match, later), Gauge(spec.Denominator!.Metric, spec.Denominator.Match, later)),
            _ => double.NaN,
        };
    }

    /// <summary>
    /// The <paramref name="q"/> quantile of cumulative buckets (upper bound → count), like PromQL histogram_quantile:
    /// linear interpolation inside the bucket holding rank q·total, the lower bound of the first bucket being 0, and
    /// the largest finite bound when the rank falls in the +Inf bucket. NaN with no observations.
    /// </summary>
    public static double Quantile(double q, IReadOnlyList<(double UpperBound, double Count)> cumulative)
    {
        ArgumentNullException.ThrowIfNull(cumulative);
        var buckets = cumulative.OrderBy(b => b.UpperBound).ToList();
        if (buckets.Count < 2 || !double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }

        var total = buckets[^1].Count;
        if (total <= 0)
        {
            return double.NaN;
        }

        var rank = q * total;
        var index = buckets.FindIndex(b => b.Count >= rank);
        if (index == buckets.Count - 1)
        {
            return buckets[^2].UpperBound;
        }

        var (upper, count) = buckets[index];
        var (lower, below) = index == 0 ? (0.0, 0.0) : buckets[index - 1];
        if (index == 0 && upper <= 0)
        {
            return upper;
        }

        var inBucket = count - below;
        return inBucket <= 0 ? upper : lower + ((upper - lower) * (rank - below) / inBucket);
    }

    private static List<(double, double)> BucketIncreases(ScrapeSpec spec, IReadOnlyList<MetricSample> earlier, IReadOnlyList<MetricSample> later)
    {
        var name = spec.Metric + "_bucket";
        var before = Index(earlier, name, spec.Match);
        return Index(later, name, spec.Match)
            .Where(p => before.ContainsKey(p.Key))
            .Select(p => (Le: p.Value.Label("le"), Increase: CounterIncrease(before[p.Key].Value, p.Value.Value)))
            .GroupBy(x => x.Le)
            .Select(g => (ParseLe(g.Key), g.Sum(x => x.Increase)))
            .ToList();
    }

    private static double Increase(string metric, IReadOnlyList<LabelMatch> match, IReadOnlyList<MetricSample> earlier, IReadOnlyList<MetricSample> later)
    {
        var before = Index(earlier, metric, match);
        var now = Index(later, metric, match);
        return now.Count == 0 ? double.NaN : now.Where(p => before.ContainsKey(p.Key)).Sum(p => CounterIncrease(before[p.Key].Value, p.Value.Value));
    }

    private static double Gauge(string metric, IReadOnlyList<LabelMatch> match, IReadOnlyList<MetricSample> samples)
    {
        var matching = samples.Where(s => s.Name == metric && Matches(s, match)).ToList();
        return matching.Count == 0 ? double.NaN : matching.Sum(s => s.Value);
    }

    private static double Ratio(double numerator, double denominator) =>
        double.IsNaN(numerator) || double.IsNaN(denominator) || denominator == 0 ? double.NaN : numerator / denominator;

    // A counter that went down was reset: its whole current value is the increase.
    private static double CounterIncrease(double before, double after) => after >= before ? after - before : after;

    private static Dictionary<string, MetricSample> Index(IReadOnlyList<MetricSample> samples, string name, IReadOnlyList<LabelMatch> match)
    {
        var result = new Dictionary<string, MetricSample>(StringComparer.Ordinal);
        foreach (var s in samples)
        {
            if (s.Name == name && Matches(s, match))
            {
                result[Key(s)] = s;
            }
        }

        return result;
    }

    private static bool Matches(MetricSample sample, IReadOnlyList<LabelMatch> match) => match.All(m => m.Matches(sample.Label(m.Label)));

    private static string Key(MetricSample s) =>
        string.Join(',', s.Labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    private static double ParseLe(string le) =>
        le is "+Inf" or "Inf" ? double.PositiveInfinity : double.Parse(le, NumberStyles.Float, CultureInfo.InvariantCulture);
}
