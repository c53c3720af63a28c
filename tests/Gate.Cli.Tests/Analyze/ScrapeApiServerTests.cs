using Gate.Core;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Cli.Tests.Analyze;

/// <summary>
/// <c>gate analyze --once --scrape-apiserver</c> against the loopback fake API server: the scrapes go through the same
/// Kubernetes client as every cluster command, so the kubeconfig's bearer token reaches <c>/metrics</c> and
/// <c>/readyz</c>, and a bad kubeconfig fails the way <c>gate rollout</c>'s does.
/// </summary>
public sealed class ScrapeApiServerTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("gate-scrape-").FullName;
    private readonly AcceleratedTimeProvider clock = new(factor: 100);
    private FakeKubeServer server = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubeServer.StartAsync(clock);
        var metrics = new ApiServerMetrics(clock);
        server.MetricsText = metrics.Render;
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private Task<CliResult> AnalyzeAsync(string kubeconfig, params string[] more) =>
        InProcessGate.RunAsync(["analyze", "--once", "--scrape-apiserver", "--kubeconfig", kubeconfig, .. more], clock: clock);

    [Fact]
    public async Task Analyze_TokenKubeconfig_ScrapesMetricsAuthenticated()
    {
        var result = await AnalyzeAsync(server.WriteKubeconfig(directory), "--format", "json", "--exit-code");

        Assert.True(result.ExitCode == ExitCodes.Pass, result.Error + result.Output);
        var scrapes = server.Requests.Where(r => r.Path == "/metrics").ToList();
        Assert.Equal(2, scrapes.Count);
        Assert.All(scrapes, r => Assert.Equal((FakeKubeServer.GateUser, 200), (r.User, r.Status)));
        Assert.Contains(server.Requests, r => r.Path == "/readyz" && r.Status == 200 && r.User == FakeKubeServer.GateUser);
        Assert.DoesNotContain(FakeKubeServer.GateToken, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_RejectedToken_ExitsThreeWithoutTheToken()
    {
        var result = await AnalyzeAsync(server.WriteKubeconfig(directory, token: "not-a-valid-token"));

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        Assert.Contains("could not be scraped", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-valid-token", result.Output + result.Error, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.Path == "/metrics" && r.Status == 401);
    }

    [Fact]
    public async Task Analyze_InvalidKubeconfig_ExitsThreeLikeRollout()
    {
        var path = Path.Combine(directory, "broken");
        await File.WriteAllTextAsync(path, "apiVersion: v1\nkind: Config\ncurrent-context: missing\n");

        var result = await AnalyzeAsync(path);

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        Assert.StartsWith("error: kubeconfig: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }
}
