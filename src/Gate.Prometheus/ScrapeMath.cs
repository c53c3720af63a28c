using System.Globalization;
using Gate.Core.Health;

namespace Gate.Prometheus;

/// <summary>
/// Signal values from raw scrapes, as PromQL would compute them over the same samples: counter rates (resets
/// handled), histogram quantiles (Prometheus' linear interpolation within the bucket), gauges and their ratios, each
/// summed over every scraped target (API server replica) like <c>sum(…)</c>. NaN means no data. The one scrape math
/// of Gate: <c>gate analyze --scrape-apiserver</c> and the simulator's health source both compute through it.
/// </summary>
/// <remarks>
/// Counter series missing from the earlier scrape were born after it (a counter vector gets a series at its first
/// increment), so their whole later value is their increase: the first 57 rejections of a server count, they are not
/// dropped because the series is new. A family with no matching series in any later scrape is "no data", unless the
/// spec says <see cref="ScrapeSpec.AbsentIsZero"/>; a ratio's denominator never is.
/// </remarks>
public static class ScrapeMath
{
    /// <summary>Computes <paramref name="spec"/> between an earlier and a later scrape of one target taken <paramref name="elapsed"/> apart.</summary>
    public static double Compute(ScrapeSpec spec, IReadOnlyList<MetricSample> earlier, IReadOnlyList<MetricSample> later, TimeSpan elapsed) =>
        Compute(spec, [(earlier, later)], elapsed);

    /// <summary>
    /// Computes <paramref name="spec"/> over several targets, each scraped at an earlier and a later time
    /// <paramref name="elapsed"/> apart, summed across targets. A target that restarted between its scrapes is passed
    /// with an empty earlier scrape (every counter starts again from 0); gauges read only the later scrape.
    /// </summary>
    public static double Compute(
        ScrapeSpec spec, IReadOnlyList<(IReadOnlyList<MetricSample> Earlier, IReadOnlyList<MetricSample> Later)> targets, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(targets);
        return spec.Kind switch
        {
            ScrapeKind.HistogramQuantile => Quantile(spec.Quantile, BucketIncreases(spec, targets)),
            ScrapeKind.CounterRate => elapsed <= TimeSpan.Zero ? double.NaN : Increase(spec, targets) / elapsed.TotalSeconds,
            ScrapeKind.CounterRatio => Ratio(Increase(spec, targets), Increase(spec.Denominator! with { AbsentIsZero = false }, targets)),
            ScrapeKind.Gauge => Gauge(spec, targets),
            ScrapeKind.GaugeRatio => Ratio(Gauge(spec, targets), Gauge(spec.Denominator! with { AbsentIsZero = false }, targets)),
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

    private static List<(double, double)> BucketIncreases(
        ScrapeSpec spec, IReadOnlyList<(IReadOnlyList<MetricSample> Earlier, IReadOnlyList<MetricSample> Later)> targets)
    {
        var name = spec.Metric + "_bucket";
        return targets
            .SelectMany(t => SeriesIncreases(name, spec.Match, t.Earlier, t.Later))
            .GroupBy(x => x.Sample.Label("le"), StringComparer.Ordinal)
            .Select(g => (ParseLe(g.Key), g.Sum(x => x.Increase)))
            .ToList();
    }

    private static double Increase(ScrapeSpec spec, IReadOnlyList<(IReadOnlyList<MetricSample> Earlier, IReadOnlyList<MetricSample> Later)> targets)
    {
        var increases = targets.SelectMany(t => SeriesIncreases(spec.Metric, spec.Match, t.Earlier, t.Later)).ToList();
        return increases.Count == 0 ? Absent(spec) : increases.Sum(x => x.Increase);
    }

    // Every matching series of the later scrape with its increase since the earlier one.
    private static IEnumerable<(MetricSample Sample, double Increase)> SeriesIncreases(
        string name, IReadOnlyList<LabelMatch> match, IReadOnlyList<MetricSample> earlier, IReadOnlyList<MetricSample> later)
    {
        var before = Index(earlier, name, match);
        return Index(later, name, match).Values.Select(s => (s, CounterIncrease(before.TryGetValue(Key(s), out var b) ? b.Value : 0, s.Value)));
    }

    private static double Gauge(ScrapeSpec spec, IReadOnlyList<(IReadOnlyList<MetricSample> Earlier, IReadOnlyList<MetricSample> Later)> targets)
    {
        var matching = targets.SelectMany(t => t.Later).Where(s => s.Name == spec.Metric && Matches(s, spec.Match)).ToList();
        return matching.Count == 0 ? Absent(spec) : matching.Sum(s => s.Value);
    }

    private static double Absent(ScrapeSpec spec) => spec.AbsentIsZero ? 0 : double.NaN;

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
