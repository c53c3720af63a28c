using System.Text.Json;
using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Analyze;

/// <summary>Starts a real Prometheus scraping a healthy and a slow loopback API server for the end-to-end CLI tests.</summary>
public sealed class AnalyzeFixture : IAsyncLifetime
{
    public MetricsServer Metrics { get; private set; } = null!;

    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>A pack overlay at test speed, with a cluster override per job.</summary>
    public string PackFile { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Metrics = await MetricsServer.StartAsync();
        Metrics.Target("healthy");
        Metrics.Target("slow").SlowFraction = 0.05;
        Metrics.Target("healthy").FlowSchema = "gate-canary-otel-agent";
        Prometheus = await PrometheusServer.StartAsync([("healthy", Metrics.HostPort, "/healthy/metrics"), ("slow", Metrics.HostPort, "/slow/metrics")]);
        PackFile = Path.Combine(Directory.CreateTempSubdirectory("gate-analyze-").FullName, "fast.yaml");
        await File.WriteAllTextAsync(PackFile, """
            settings: {window: 5s, step: 1s, rateWindow: 3s, baselineOffset: 6s, minSamples: 5, apiServerJob: healthy}
            clusters:
              slow: {settings: {apiServerJob: slow}}
              absent: {settings: {apiServerJob: absent}}
            """);
        using var http = new HttpClient();
        await PrometheusServer.WaitUntilAsync(
            async () =>
            {
                var body = await http.GetStringAsync(new Uri(Prometheus.Address, "api/v1/query?query=min(count_over_time(up%5B20s%5D))"));
                using var doc = JsonDocument.Parse(body);
                var result = doc.RootElement.GetProperty("data").GetProperty("result");
                return result.GetArrayLength() == 1 && double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 14;
            },
            TimeSpan.FromSeconds(45),
            "14 scrapes of both targets");
    }

    public async Task DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Metrics.DisposeAsync();
    }
}

/// <summary>
/// These judge a real Prometheus scraping every second: run alone, so the CPU-heavy tests of this assembly (the demo,
/// the simulated rollouts) cannot starve the loopback targets into missed scrapes and flip a healthy verdict.
/// </summary>
[CollectionDefinition(nameof(RealPrometheusCollection), DisableParallelization = true)]
public sealed class RealPrometheusCollection;

[Collection(nameof(RealPrometheusCollection))]
public class AnalyzePrometheusTests(AnalyzeFixture fixture) : IClassFixture<AnalyzeFixture>
{
    private Task<CliResult> AnalyzeAsync(params string[] extra) =>
        GateRun.RunAsync(["analyze", "--once", "--exit-code", "--prometheus", fixture.Prometheus.Address.ToString(), "--analysis", fixture.PackFile, .. extra]);

    [Fact]
    public async Task Analyze_HealthyControlPlane_ExitsZeroWithTable()
    {
        var result = await AnalyzeAsync();

        Assert.True(result.ExitCode == ExitCodes.Pass, result.Output + result.Error);
        Assert.StartsWith("gate analyze: pass - all ", result.Output, StringComparison.Ordinal);
        Assert.Contains("apiserver-request-p99", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_HealthyServerWithoutErrorSeries_CountsMissingErrorCountersAsZero()
    {
        // A real API server has no code="429", 5xx or APF-rejection series until the first one happens.
        var exposition = fixture.Metrics.Target("healthy").Render();
        Assert.DoesNotContain("code=\"429\"", exposition, StringComparison.Ordinal);
        Assert.DoesNotContain("apiserver_flowcontrol_rejected_requests_total{", exposition, StringComparison.Ordinal);

        var result = await AnalyzeAsync("--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Pass, result.Output + result.Error);
        using var doc = JsonDocument.Parse(result.Output);
        foreach (var id in new[] { "apf-rejected", "apiserver-429-ratio", "apiserver-5xx-ratio" })
        {
            var signal = doc.RootElement.GetProperty("signals").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
            Assert.Equal("pass", signal.GetProperty("verdict").GetString());
            Assert.Equal(0, signal.GetProperty("value").GetDouble());
        }
    }

    [Fact]
    public async Task Analyze_ServerNotScraped_MissingErrorCountersStayInconclusive()
    {
        var result = await AnalyzeAsync("--cluster", "absent", "--format", "json");

        using var doc = JsonDocument.Parse(result.Output);
        var rejected = doc.RootElement.GetProperty("signals").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "apf-rejected");
        Assert.Equal("inconclusive", rejected.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Analyze_SlowControlPlane_ExitsOneWithReasonInJson()
    {
        var result = await AnalyzeAsync("--cluster", "slow", "--format", "json");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        Assert.Equal("fail", doc.RootElement.GetProperty("verdict").GetString());
        var p99 = doc.RootElement.GetProperty("signals").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "apiserver-request-p99");
        Assert.Equal("fail", p99.GetProperty("verdict").GetString());
        Assert.InRange(p99.GetProperty("value").GetDouble(), 2.5, 5);
    }

    [Fact]
    public async Task Analyze_NoSeries_ExitsFourInconclusive()
    {
        var result = await AnalyzeAsync("--cluster", "absent");

        Assert.Equal(ExitCodes.Inconclusive, result.ExitCode);
        Assert.StartsWith("gate analyze: inconclusive - inconclusive (1 of 2 allowed in a row): no answer from ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_CanaryProjection_ReportsMeasuredPerNode()
    {
        var result = await AnalyzeAsync("--daemonset", "otel-agent", "-n", "telemetry", "--pods", "otel-agent-a1", "--fleet-nodes", "5000");

        Assert.True(result.ExitCode == ExitCodes.Pass, result.Output + result.Error);
        Assert.Contains("projection: pass - projected to 5000 nodes within budget (FlowSchema gate-canary-otel-agent, 1 canary nodes, fleet 5000)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_WithoutExitCodeFlag_ExitsZeroEvenWhenFailing()
    {
        var result = await GateRun.RunAsync("analyze", "--once", "--prometheus", fixture.Prometheus.Address.ToString(), "--analysis", fixture.PackFile, "--cluster", "slow");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.StartsWith("gate analyze: fail", result.Output, StringComparison.Ordinal);
    }
}
