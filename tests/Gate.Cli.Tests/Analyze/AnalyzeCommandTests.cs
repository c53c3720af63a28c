using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Analyze;

public class AnalyzeCommandTests
{
    private static void AssertOneLine(CliResult result, int code, string start)
    {
        Assert.Equal(code, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith(start, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_WithoutOnce_IsUsageError() =>
        AssertOneLine(await GateRun.RunAsync("analyze", "--prometheus", "http://127.0.0.1:1"), ExitCodes.Usage, "error: gate analyze runs one analysis and needs --once");

    [Fact]
    public async Task Analyze_WithoutSource_IsUsageError() =>
        AssertOneLine(await GateRun.RunAsync("analyze", "--once"), ExitCodes.Usage, "error: no health source given (pass --prometheus URL");

    [Fact]
    public async Task Analyze_PrometheusUnreachable_ExitsThree()
    {
        var result = await GateRun.RunAsync("analyze", "--once", "--exit-code", "--prometheus", PrometheusServer.UnusedAddress().ToString());

        AssertOneLine(result, ExitCodes.Environment, "error: Prometheus at http://127.0.0.1:");
        Assert.Contains("is unreachable or not ready", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_BadAnalysisFile_PointsAtTheLine()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("gate-analyze-").FullName, "bad.yaml");
        await File.WriteAllTextAsync(file, "settings:\n  window: 5m\n  alpha: 2\n");

        var result = await GateRun.RunAsync("analyze", "--once", "--prometheus", "http://127.0.0.1:1", "--analysis", file);

        AssertOneLine(result, ExitCodes.Usage, $"error: {file}:3:10: settings.alpha: ");
    }

    [Fact]
    public async Task Analyze_UnknownCluster_IsUsageError() =>
        AssertOneLine(
            await GateRun.RunAsync("analyze", "--once", "--prometheus", "http://127.0.0.1:1", "--cluster", "nowhere"),
            ExitCodes.Usage,
            "error: policies/health.yaml: cluster 'nowhere' has no overrides in policies/health.yaml");

    [Fact]
    public async Task Analyze_PodsWithoutDaemonSet_IsUsageError() =>
        AssertOneLine(
            await GateRun.RunAsync("analyze", "--once", "--prometheus", "http://127.0.0.1:1", "--pods", "a,b"),
            ExitCodes.Usage,
            "error: --pods, --canary-nodes and --fleet-nodes need --daemonset");

    [Fact]
    public async Task Analyze_ScrapeWithMissingKubeconfig_IsUsageError() =>
        AssertOneLine(
            await GateRun.RunAsync("analyze", "--once", "--scrape-apiserver", "--kubeconfig", "/nonexistent/kubeconfig"),
            ExitCodes.Usage,
            "error: kubeconfig /nonexistent/kubeconfig not found (check --kubeconfig)");
}
