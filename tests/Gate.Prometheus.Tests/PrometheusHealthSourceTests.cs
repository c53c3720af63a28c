using Gate.Core.Health;

namespace Gate.Prometheus.Tests;

/// <summary>The judge against a real Prometheus that scraped API-server-shaped metrics (see <see cref="ControlPlaneFixture"/>).</summary>
public class PrometheusHealthSourceTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    private async Task<HealthVerdict> JudgeAsync(string scenario, bool withCanary = true)
    {
        var judge = new HealthJudge(ControlPlaneFixture.Pack(scenario), new PrometheusHealthSource(ControlPlaneFixture.Client(fixture.Prometheus.Address)));
        var canary = withCanary ? ControlPlaneFixture.Canary(scenario) : null;
        var baseline = await judge.CaptureBaselineAsync(fixture.BaselineWindow, canary);
        return await judge.EvaluateAsync(fixture.CanaryWindow, baseline, canary);
    }

    private static SignalVerdict Signal(HealthVerdict v, string id) => v.Signals.Single(s => s.Signal == id);

    [Fact]
    public async Task Evaluate_HealthyControlPlane_Passes()
    {
        var v = await JudgeAsync("healthy");

        Assert.True(v.Outcome == HealthOutcome.Pass, v.Reason + "\n" + string.Join("\n", v.Signals.Select(s => $"{s.Signal} {s.Outcome} {s.Reason}")));
        var p99 = Signal(v, WellKnownSignals.ApiServerRequestP99);
        Assert.InRange(p99.Value!.Value, 0.025, 0.05);   // WATCH requests (30 s) are excluded
        Assert.Equal(1.0, Signal(v, WellKnownSignals.ApiServerReadyz).Value);
        Assert.InRange(Signal(v, WellKnownSignals.ApiServerInflight).Value!.Value, 39.9, 40.1);
        Assert.Equal(HealthOutcome.Pass, v.Projection!.Outcome);
        Assert.InRange(v.Projection.Lines[0].PerNode!.Value, 0.005, 0.015);
    }

    [Fact]
    public async Task Evaluate_InjectedP99Latency_FailsOnRequestP99()
    {
        var v = await JudgeAsync("latency");

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        var p99 = Signal(v, WellKnownSignals.ApiServerRequestP99);
        Assert.Equal(HealthOutcome.Fail, p99.Outcome);
        Assert.InRange(p99.Value!.Value, 2.5, 5);
        Assert.Contains("above the limit 1 s", p99.Reason, StringComparison.Ordinal);
        Assert.Equal("failed: " + WellKnownSignals.ApiServerRequestP99, v.Reason);
    }

    [Fact]
    public async Task Evaluate_Injected429s_FailsOnRejectionsAnd429Share()
    {
        var v = await JudgeAsync("throttled");

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Equal(HealthOutcome.Fail, Signal(v, WellKnownSignals.ApfRejected).Outcome);
        // 40/s injected; a 3 s rate over 1 s scrapes moves by a third when a loaded machine answers a scrape late
        // (the counter is read at answer time, the sample is stamped at scrape start)
        Assert.InRange(Signal(v, WellKnownSignals.ApfRejected).Value!.Value, 25, 60);
        var share = Signal(v, WellKnownSignals.ApiServer429Ratio);
        Assert.Equal(HealthOutcome.Fail, share.Outcome);
        Assert.InRange(share.Value!.Value, 0.15, 0.25);
        Assert.Equal(HealthOutcome.Pass, Signal(v, WellKnownSignals.ApiServerRequestP99).Outcome);
    }

    [Fact]
    public async Task Evaluate_OomLikeRssGrowth_FailsAgainstBaselineWithMannWhitney()
    {
        var v = await JudgeAsync("oom");

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        var rss = Signal(v, WellKnownSignals.ApiServerRss);
        Assert.Equal(HealthOutcome.Fail, rss.Outcome);
        Assert.Equal(1024.0 * 1024 * 1024, rss.Baseline);
        Assert.Equal(3.0 * 1024 * 1024 * 1024, rss.Value);
        Assert.True(rss.PValue < 0.05, rss.Reason);
        Assert.StartsWith("3 GiB is 3× baseline 1 GiB", rss.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_QuadraticAgentOnOneNode_FailsOnProjectionWhileHealthIsGreen()
    {
        var v = await JudgeAsync("quadratic");

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.All(v.Signals.Where(s => s.Required), s => Assert.Equal(HealthOutcome.Pass, s.Outcome));
        Assert.Equal("failed: projection", v.Reason);
        var requests = v.Projection!.Lines.Single(l => l.Metric == WellKnownSignals.ProjectionRequests);
        Assert.Equal(HealthOutcome.Fail, requests.Outcome);
        Assert.InRange(requests.PerNode!.Value, 0.4, 0.6);
        Assert.InRange(requests.Projected!.Value, 2000, 3000);
        Assert.Equal(1, v.Projection.CanaryNodes);
    }

    [Fact]
    public async Task Evaluate_NoSeries_InconclusiveThenFails()
    {
        var judge = new HealthJudge(ControlPlaneFixture.Pack("absent"), new PrometheusHealthSource(ControlPlaneFixture.Client(fixture.Prometheus.Address)));

        var first = await judge.EvaluateAsync(fixture.CanaryWindow);
        var second = await judge.EvaluateAsync(fixture.CanaryWindow, previousInconclusive: first.ConsecutiveInconclusive);

        Assert.Equal(HealthOutcome.Inconclusive, first.Outcome);
        Assert.All(first.Signals.Where(s => s.Required), s => Assert.StartsWith("no data", s.Reason, StringComparison.Ordinal));
        Assert.Equal(HealthOutcome.Fail, second.Outcome);
        Assert.StartsWith("failed closed: inconclusive 2 times in a row (limit 1)", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_PrometheusDown_InconclusiveThenFails()
    {
        var client = ControlPlaneFixture.Client(Gate.Testing.PrometheusServer.UnusedAddress(), new PrometheusClientOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(20) });
        var judge = new HealthJudge(ControlPlaneFixture.Pack("healthy"), new PrometheusHealthSource(client));

        var first = await judge.EvaluateAsync(fixture.CanaryWindow);
        var second = await judge.EvaluateAsync(fixture.CanaryWindow, previousInconclusive: first.ConsecutiveInconclusive);

        Assert.Equal(HealthOutcome.Inconclusive, first.Outcome);
        Assert.All(first.Signals.Where(s => s.Required), s => Assert.StartsWith("query failed (unreachable): connection refused", s.Reason, StringComparison.Ordinal));
        Assert.Equal(HealthOutcome.Fail, second.Outcome);
    }

    [Fact]
    public async Task QueryAsync_BadPromql_IsABadQueryError()
    {
        var source = new PrometheusHealthSource(ControlPlaneFixture.Client(fixture.Prometheus.Address));

        var result = await source.QueryAsync(HealthQuery.Instant("x", "sum(rate(up[", fixture.CanaryWindow.End));

        Assert.Equal(HealthQueryErrorKind.BadQuery, result.Error!.Kind);
        Assert.StartsWith("HTTP 400 bad_data: ", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryRangeAsync_OneStepPerSecond_ReturnsEverySample()
    {
        var client = ControlPlaneFixture.Client(fixture.Prometheus.Address);

        var series = await client.QueryRangeAsync("up{job=\"healthy\"}", fixture.CanaryWindow.Start, fixture.CanaryWindow.End, TimeSpan.FromSeconds(1));

        var only = Assert.Single(series);
        Assert.Equal("healthy", only.Labels["job"]);
        Assert.Equal(6, only.Samples.Count);
        Assert.All(only.Samples, s => Assert.Equal(1.0, s.Value));
        Assert.Equal(fixture.CanaryWindow.Start, only.Samples[0].Timestamp);
    }
}
