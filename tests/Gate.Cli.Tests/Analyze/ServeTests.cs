using System.Net;
using Gate.Cli.Commands.Analyze;
using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Analyze;

/// <summary>gate serve against a real Prometheus: alone, like <see cref="AnalyzePrometheusTests"/>, so CPU-heavy tests cannot starve the scrapes.</summary>
[Collection(nameof(RealPrometheusCollection))]
public class ServeTests(AnalyzeFixture fixture) : IClassFixture<AnalyzeFixture>
{
    private const string Token = "serve-test-token-91c2-0123456789abcdef";

    [Fact]
    public async Task Serve_RealPrometheus_AnswersVerdictsAndStopsCleanly()
    {
        await using var serve = await ServeRun.StartAsync(Token, UnixFileMode.UserRead | UnixFileMode.UserWrite, "--prometheus", fixture.Prometheus.Address.ToString(), "--analysis", fixture.PackFile);
        await PrometheusServer.WaitUntilAsync(async () => await serve.StatusAsync("readyz") == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "gate serve ready");

        var unauthorized = await serve.AnalyzeAsync("wrong");
        var (status, verdict) = await serve.AnalyzeAsync();
        var code = await serve.StopAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pass", verdict);
        Assert.Equal(ExitCodes.Pass, code);
        Assert.DoesNotContain(Token, serve.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("example.invalid:80")]
    [InlineData("127.0.0.1:99999")]
    public void ParseListen_BadAddress_ThrowsUsageError(string listen)
    {
        Assert.Throws<GateUsageException>(() => ServeHandler.ParseListen(listen));
    }

    [Fact]
    public async Task Serve_NoToken_ExitsTwoWithOneLine()
    {
        var result = await GateRun.RunAsync("serve", "--prometheus", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("bearer token", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }
}
