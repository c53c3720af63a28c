using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gate.Cli.Commands.Analyze;
using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Analyze;

public class ServeTests(AnalyzeFixture fixture) : IClassFixture<AnalyzeFixture>
{
    private const string Token = "serve-test-token-91c2";

    [Fact]
    public async Task Serve_RealPrometheus_AnswersVerdictsAndStopsCleanly()
    {
        var address = PrometheusServer.UnusedAddress();
        var tokenFile = Path.Combine(Directory.CreateTempSubdirectory("gate-serve-").FullName, "token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var serve = GateApp.RunAsync(
            ["serve", "--listen", $"127.0.0.1:{address.Port}", "--prometheus", fixture.Prometheus.Address.ToString(), "--analysis", fixture.PackFile, "--token-file", tokenFile],
            CliContext.ForWriters(output, error),
            stop.Token);
        using var http = new HttpClient { BaseAddress = address };
        await PrometheusServer.WaitUntilAsync(
            async () => serve.IsCompleted || (await TryGetAsync(http, "readyz"))?.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "gate serve ready");
        Assert.False(serve.IsCompleted, error.ToString());

        using var unauthorized = await http.GetAsync(new Uri("api/v1/analysis?namespace=kube-system&workload=otel-agent", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/analysis?namespace=kube-system&workload=otel-agent");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        await stop.CancelAsync();
        var code = await serve;

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True("pass" == json.RootElement.GetProperty("result").GetProperty("verdict").GetString(), json.RootElement.ToString());
        Assert.Equal(ExitCodes.Pass, code);
        Assert.DoesNotContain(Token, output.ToString() + error, StringComparison.Ordinal);
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

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return await http.GetAsync(new Uri(path, UriKind.Relative));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
