using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Analyze;

/// <summary><c>http://user:password@host</c> in <c>--prometheus</c> is used for basic authentication and printed nowhere (issue #21).</summary>
public class CredentialRedactionTests
{
    private const string Password = "s3cret-pass-77d1";

    [Theory]
    [InlineData("analyze", "--once", "--prometheus", "ftp://gate:" + Password + "@prometheus.invalid")]
    [InlineData("rollout", "agent", "-n", "kube-system", "--image", "x:1", "--prometheus", "ftp://gate:" + Password + "@prometheus.invalid")]
    public async Task Command_PrometheusUrlNotHttp_ExitsTwoWithoutThePassword(params string[] args)
    {
        var result = await GateRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("gate:***@prometheus.invalid", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_PrometheusDownWithUserInfo_ExitsThreeWithoutThePassword()
    {
        var address = PrometheusServer.UnusedAddress();

        var result = await GateRun.RunAsync("analyze", "--once", "--prometheus", $"http://gate:{Password}@127.0.0.1:{address.Port}");

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        Assert.Contains($"Prometheus at http://127.0.0.1:{address.Port} is unreachable", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeJson_UserInfo_SentAsBasicAuthButSourceWithoutIt()
    {
        await using var prometheus = await HostilePrometheus.StartAsync();
        var url = new UriBuilder(prometheus.Address) { UserName = "gate", Password = Password }.Uri.ToString();

        var result = await GateRun.RunAsync("analyze", "--once", "--prometheus", url, "--format", "json");

        Assert.Contains("\"source\":", result.Output, StringComparison.Ordinal);
        Assert.Contains(prometheus.Authorizations, a => a.StartsWith("Basic ", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UserInfo_StartUpLineWithoutIt()
    {
        await using var prometheus = await HostilePrometheus.StartAsync();
        var url = new UriBuilder(prometheus.Address) { UserName = "gate", Password = Password }.Uri.ToString();

        await using var serve = await ServeRun.StartAsync("0123456789abcdef0123456789abcdef", UnixFileMode.UserRead, "--prometheus", url);

        Assert.Contains("gate serve: listening on", serve.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, serve.Output, StringComparison.Ordinal);
    }
}
