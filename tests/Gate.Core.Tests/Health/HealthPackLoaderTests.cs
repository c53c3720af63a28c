using Gate.Core.Health;

namespace Gate.Core.Tests.Health;

public class HealthPackLoaderTests
{
    [Fact]
    public void BuiltIn_ErrorCounters_ReadAMissingSeriesAsZeroButProjectionsDoNot()
    {
        var pack = HealthPackLoader.BuiltIn();
        var absentIsZero = pack.Signals.Where(s => s.Scrape?.AbsentIsZero == true).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["apf-inqueue", "apf-rejected", "apf-workload-low-seats", "apiserver-429-ratio", "apiserver-5xx-ratio"], absentIsZero);
        Assert.All(absentIsZero, id => Assert.Contains(" or ", pack.Signals.Single(s => s.Id == id).Expression, StringComparison.Ordinal));
        Assert.All(pack.Signals.Where(s => s.Scrape?.Denominator is not null), s => Assert.False(s.Scrape!.Denominator!.AbsentIsZero));
        Assert.All(pack.Projection!.Metrics, m => Assert.False(m.Scrape?.AbsentIsZero ?? false));
    }

    [Fact]
    public void BuiltIn_Loads_EveryWellKnownSignalWithThresholds()
    {
        var pack = HealthPackLoader.BuiltIn();

        var ids = pack.Signals.Select(s => s.Id).ToHashSet();
        foreach (var id in new[]
        {
            WellKnownSignals.ApiServerRequestP99, WellKnownSignals.ApfRejected, WellKnownSignals.ApiServer429Ratio, WellKnownSignals.ApiServer5xxRatio,
            WellKnownSignals.ApfInqueue, WellKnownSignals.WorkloadLowSeats, WellKnownSignals.ApiServerInflight, WellKnownSignals.EtcdRequestP99,
            WellKnownSignals.ApiServerRss, WellKnownSignals.ApiServerReadyz, WellKnownSignals.CoreDnsServfail, WellKnownSignals.AgentRestarts,
            WellKnownSignals.AgentReady,
        })
        {
            Assert.Contains(id, ids);
        }

        Assert.All(pack.Signals, s => Assert.True(s.Max is not null || s.Min is not null || s.Baseline is not null, s.Id));
        var p99 = pack.Signals.Single(s => s.Id == WellKnownSignals.ApiServerRequestP99);
        Assert.Equal(1.0, p99.Max);
        Assert.Contains("verb!~\"WATCH|CONNECT\"", p99.Expression, StringComparison.Ordinal);
        Assert.Equal(ScrapeKind.HistogramQuantile, p99.Scrape!.Kind);
        Assert.True(p99.Scrape.Match.Single().Negate);
        Assert.Equal(TimeSpan.FromMinutes(5), pack.Settings.Window);
        Assert.Equal(4, pack.Projection!.Metrics.Count);
        var watch = pack.Projection.Metrics.Single(m => m.Id == WellKnownSignals.ProjectionWatchBytes);
        Assert.True(watch.PerWatch);
        Assert.Contains("apiserver_watch_events_sizes_sum", watch.EventBytesExpression, StringComparison.Ordinal);
        Assert.Equal("apiserver_watch_cache_events_received_total", watch.Scrape!.Metric);
    }
}
