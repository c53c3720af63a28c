using Gate.Core.Health;

namespace Gate.Prometheus.Tests;

public class ScrapeMathTests
{
    private static readonly ScrapeSpec P99 = new()
    {
        Kind = ScrapeKind.HistogramQuantile,
        Metric = "d",
        Quantile = 0.99,
        Match = [new LabelMatch("verb", ["WATCH", "CONNECT"], Negate: true)],
    };

    [Fact]
    public void Quantile_RankInsideABucket_InterpolatesLinearly()
    {
        // 100 observations: 90 ≤ 0.1, 10 in (0.1, 1]. Rank 99 is the 9th of 10 in (0.1, 1] → 0.1 + 0.9 × 9/10 = 0.91.
        var q = ScrapeMath.Quantile(0.99, [(0.1, 90), (1, 100), (double.PositiveInfinity, 100)]);

        Assert.Equal(0.91, q, 12);
    }

    [Fact]
    public void Quantile_RankInFirstBucket_InterpolatesFromZero()
    {
        Assert.Equal(0.05, ScrapeMath.Quantile(0.5, [(0.1, 10), (double.PositiveInfinity, 10)]), 12);
    }

    [Fact]
    public void Quantile_RankInInfBucket_IsTheLargestFiniteBound()
    {
        Assert.Equal(1, ScrapeMath.Quantile(0.99, [(0.1, 10), (1, 50), (double.PositiveInfinity, 100)]));
    }

    [Fact]
    public void Quantile_NoObservationsOrNoInfBucket_IsNaN()
    {
        Assert.True(double.IsNaN(ScrapeMath.Quantile(0.99, [(0.1, 0), (double.PositiveInfinity, 0)])));
        Assert.True(double.IsNaN(ScrapeMath.Quantile(0.99, [(0.1, 5), (1, 5)])));
    }

    [Fact]
    public void Compute_HistogramBetweenScrapes_UsesIncreasesAndExcludesWatch()
    {
        var before = PrometheusTextParser.Parse("""
            d_bucket{verb="GET",le="0.1"} 1000
            d_bucket{verb="GET",le="1"} 1000
            d_bucket{verb="GET",le="+Inf"} 1000
            d_bucket{verb="WATCH",le="0.1"} 0
            d_bucket{verb="WATCH",le="1"} 0
            d_bucket{verb="WATCH",le="+Inf"} 0
            """);
        var after = PrometheusTextParser.Parse("""
            d_bucket{verb="GET",le="0.1"} 1090
            d_bucket{verb="GET",le="1"} 1100
            d_bucket{verb="GET",le="+Inf"} 1100
            d_bucket{verb="WATCH",le="0.1"} 0
            d_bucket{verb="WATCH",le="1"} 0
            d_bucket{verb="WATCH",le="+Inf"} 500
            """);

        Assert.Equal(0.91, ScrapeMath.Compute(P99, before, after, TimeSpan.FromSeconds(10)), 12);
    }

    [Fact]
    public void Compute_CounterRateAndRatio_HandleResets()
    {
        var before = PrometheusTextParser.Parse("r{code=\"200\"} 1000\nr{code=\"429\"} 50\nr{code=\"503\"} 7\n");
        var after = PrometheusTextParser.Parse("r{code=\"200\"} 1180\nr{code=\"429\"} 20\nr{code=\"503\"} 7\n");   // 429 counter was reset
        var rate = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "r" };
        var ratio = new ScrapeSpec { Kind = ScrapeKind.CounterRatio, Metric = "r", Match = [new LabelMatch("code", ["429"])], Denominator = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "r" } };

        Assert.Equal(20, ScrapeMath.Compute(rate, before, after, TimeSpan.FromSeconds(10)), 12);
        Assert.Equal(0.1, ScrapeMath.Compute(ratio, before, after, TimeSpan.FromSeconds(10)), 12);
    }

    [Fact]
    public void Compute_GaugeRatioAndPrefixMatch_SumMatchingSeries()
    {
        var now = PrometheusTextParser.Parse("s{pl=\"workload-low\"} 30\ns{pl=\"workload-high\"} 99\nl{pl=\"workload-low\"} 120\nc{code=\"500\"} 1\nc{code=\"503\"} 2\nc{code=\"200\"} 5\n");
        var seats = new ScrapeSpec
        {
            Kind = ScrapeKind.GaugeRatio,
            Metric = "s",
            Match = [new LabelMatch("pl", ["workload-low"])],
            Denominator = new ScrapeSpec { Kind = ScrapeKind.Gauge, Metric = "l", Match = [new LabelMatch("pl", ["workload-low"])] },
        };
        var fives = new ScrapeSpec { Kind = ScrapeKind.Gauge, Metric = "c", Match = [new LabelMatch("code", ["5*"])] };

        Assert.Equal(0.25, ScrapeMath.Compute(seats, now, now, TimeSpan.FromSeconds(1)));
        Assert.Equal(3, ScrapeMath.Compute(fives, now, now, TimeSpan.FromSeconds(1)));
        Assert.True(double.IsNaN(ScrapeMath.Compute(fives with { Metric = "missing" }, now, now, TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void Compute_CounterSeriesBornBetweenScrapes_CountsItsWholeValue()
    {
        // A counter vector gets its code="429" series at the first 429: 57 since the earlier scrape, not 0.
        var before = PrometheusTextParser.Parse("r{code=\"200\"} 1000\n");
        var after = PrometheusTextParser.Parse("r{code=\"200\"} 1143\nr{code=\"429\"} 57\n");
        var ratio = new ScrapeSpec { Kind = ScrapeKind.CounterRatio, Metric = "r", Match = [new LabelMatch("code", ["429"])], Denominator = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "r" } };

        Assert.Equal(57.0 / 200, ScrapeMath.Compute(ratio, before, after, TimeSpan.FromSeconds(10)), 12);
    }

    [Fact]
    public void Compute_NoMatchingSeries_IsNoDataUnlessAbsentIsZero()
    {
        var scrape = PrometheusTextParser.Parse("r{code=\"200\"} 1000\n");
        var later = PrometheusTextParser.Parse("r{code=\"200\"} 1100\n");
        var rejected = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "apiserver_flowcontrol_rejected_requests_total" };
        var ratio = new ScrapeSpec { Kind = ScrapeKind.CounterRatio, Metric = "r", Match = [new LabelMatch("code", ["429"])], Denominator = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "r" } };

        Assert.True(double.IsNaN(ScrapeMath.Compute(rejected, scrape, later, TimeSpan.FromSeconds(10))));
        Assert.Equal(0, ScrapeMath.Compute(rejected with { AbsentIsZero = true }, scrape, later, TimeSpan.FromSeconds(10)));
        Assert.True(double.IsNaN(ScrapeMath.Compute(ratio, scrape, later, TimeSpan.FromSeconds(10))));
        Assert.Equal(0, ScrapeMath.Compute(ratio with { AbsentIsZero = true }, scrape, later, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Compute_AbsentDenominator_IsNoDataEvenWhenTheNumeratorMayBeAbsent()
    {
        var empty = PrometheusTextParser.Parse("up 1\n");
        var ratio = new ScrapeSpec
        {
            Kind = ScrapeKind.CounterRatio,
            Metric = "r",
            Match = [new LabelMatch("code", ["429"])],
            AbsentIsZero = true,
            Denominator = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "r", AbsentIsZero = true },
        };

        Assert.True(double.IsNaN(ScrapeMath.Compute(ratio, empty, empty, TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public void Compute_SeveralTargets_SumsAcrossThemAndRestartsFromZero()
    {
        // Two API server replicas; the second restarted between its scrapes and is passed with an empty earlier scrape.
        var a0 = PrometheusTextParser.Parse("r 100\ng 3\n");
        var a1 = PrometheusTextParser.Parse("r 150\ng 4\n");
        var b1 = PrometheusTextParser.Parse("r 30\ng 6\n");
        var rate = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "r" };
        var gauge = new ScrapeSpec { Kind = ScrapeKind.Gauge, Metric = "g" };
        IReadOnlyList<(IReadOnlyList<MetricSample>, IReadOnlyList<MetricSample>)> targets = [(a0, a1), ([], b1)];

        Assert.Equal((50 + 30) / 10.0, ScrapeMath.Compute(rate, targets, TimeSpan.FromSeconds(10)), 12);
        Assert.Equal(10, ScrapeMath.Compute(gauge, targets, TimeSpan.FromSeconds(10)));
    }
}
