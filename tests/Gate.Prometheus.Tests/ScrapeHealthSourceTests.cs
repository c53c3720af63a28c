using Gate.Core.Health;
using Gate.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gate.Prometheus.Tests;

/// <summary>The direct-scrape source against a loopback endpoint serving API-server-shaped metrics.</summary>
public class ScrapeHealthSourceTests
{
    [Fact]
    public async Task Evaluate_TwoScrapesOfHealthyThenSlowServer_FailsOnP99AndPassesWhenHealthy()
    {
        await using var server = await MetricsServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var target = new ApiServerMetrics(clock);
        server.Add("api", target);
        using var http = new HttpClient();
        var source = new ScrapeHealthSource(new HttpMetricsEndpoint(http, server.TargetAddress("api")), clock);
        var pack = HealthPackLoader.BuiltIn();
        var judge = new HealthJudge(pack, source);

        Assert.True(await source.ScrapeAsync());
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.True(await source.ScrapeAsync());
        var healthy = await judge.EvaluateAsync(HealthWindow.Ending(clock.GetUtcNow(), TimeSpan.FromMinutes(1)));
        target.Update(m => m.SlowFraction = 0.05);
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.True(await source.ScrapeAsync());
        var slow = await judge.EvaluateAsync(HealthWindow.Ending(clock.GetUtcNow(), TimeSpan.FromSeconds(15)));

        var p99 = healthy.Signals.Single(s => s.Signal == WellKnownSignals.ApiServerRequestP99);
        Assert.Equal(HealthOutcome.Pass, p99.Outcome);
        Assert.Equal(0.025 + (0.025 * 0.99), p99.Value!.Value, 9);
        Assert.Equal(1.0, healthy.Signals.Single(s => s.Signal == WellKnownSignals.ApiServerReadyz).Value);
        Assert.Equal(0, healthy.Signals.Single(s => s.Signal == WellKnownSignals.ApfRejected).Value);
        Assert.Contains("needs Prometheus", healthy.Signals.Single(s => s.Signal == WellKnownSignals.CoreDnsServfail).Reason, StringComparison.Ordinal);
        Assert.Equal(HealthOutcome.Fail, slow.Signals.Single(s => s.Signal == WellKnownSignals.ApiServerRequestP99).Outcome);
        Assert.Equal(HealthOutcome.Fail, slow.Outcome);
    }

    [Fact]
    public async Task Query_OneScrapeOnly_IsNoDataAndNotReadyIsZero()
    {
        await using var server = await MetricsServer.StartAsync();
        var target = server.Target("api");
        target.Ready = false;
        using var http = new HttpClient();
        var source = new ScrapeHealthSource(new HttpMetricsEndpoint(http, server.TargetAddress("api")));
        await source.ScrapeAsync();
        var now = DateTimeOffset.UtcNow;

        var rate = await source.QueryAsync(new HealthQuery { Signal = "r", Expression = "-", Scrape = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "apiserver_request_total" }, Start = now.AddMinutes(-1), End = now.AddSeconds(1) });
        var ready = await source.QueryAsync(HealthQuery.Instant("ready", "-", now, new ScrapeSpec { Kind = ScrapeKind.Probe, Path = "/readyz" }));

        Assert.True(rate.IsEmpty);
        Assert.Equal(0, Assert.Single(ready.Worst()).Value);
    }

    [Fact]
    public async Task Query_EndpointDown_IsUnreachable()
    {
        using var http = new HttpClient();
        var source = new ScrapeHealthSource(new HttpMetricsEndpoint(http, PrometheusServer.UnusedAddress()));

        Assert.False(await source.ScrapeAsync());
        var now = DateTimeOffset.UtcNow;
        var result = await source.QueryAsync(new HealthQuery { Signal = "g", Expression = "-", Scrape = new ScrapeSpec { Kind = ScrapeKind.Gauge, Metric = "x" }, Start = now.AddMinutes(-1), End = now });

        Assert.Equal(HealthQueryErrorKind.Unreachable, result.Error!.Kind);
        Assert.StartsWith("scrape failed: ", result.Error.Message, StringComparison.Ordinal);
    }
}
