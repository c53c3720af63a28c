using System.Net;
using Gate.Testing;

namespace Gate.Cli.Tests.Analyze;

/// <summary><c>gate serve</c> against a scripted Prometheus (tests/Gate.Testing/HostilePrometheus.cs): down, hammered, loosely configured.</summary>
public class ServeHardeningTests
{
    private const string LongToken = "0123456789abcdef0123456789abcdef-serve";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Serve_PrometheusDown_StartsNotReadyInconclusiveUntilItAnswers()
    {
        await using var prometheus = await HostilePrometheus.StartAsync();
        prometheus.Ready = false;
        prometheus.Answer = (_, _) => new HostileAnswer(503, "Service Unavailable");

        await using var serve = await ServeRun.StartAsync(LongToken, OwnerOnly, "--prometheus", prometheus.Address.ToString());
        var readyWhileDown = await serve.StatusAsync("readyz");
        var (status, verdict) = await serve.AnalyzeAsync();
        prometheus.Answer = (_, _) => HostileAnswer.Matrix("0");
        prometheus.Ready = true;
        await PrometheusServer.WaitUntilAsync(async () => await serve.StatusAsync("readyz") == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "ready once Prometheus answers");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileDown);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("inconclusive", verdict);
    }

    [Fact]
    public async Task Serve_ReadyzCalledManyTimes_QueriesPrometheusAFewTimes()
    {
        await using var prometheus = await HostilePrometheus.StartAsync();
        await using var serve = await ServeRun.StartAsync(LongToken, OwnerOnly, "--prometheus", prometheus.Address.ToString());

        var answers = new List<HttpStatusCode?>();
        for (var i = 0; i < 300; i++)
        {
            answers.Add(await serve.StatusAsync("readyz"));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.InRange(prometheus.Queries, 1, 3);
    }

    [Fact]
    public async Task Serve_TokenFileReadableByOthersAndShort_WarnsOfBoth()
    {
        await using var prometheus = await HostilePrometheus.StartAsync();
        await using var serve = await ServeRun.StartAsync("short-token", OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "--prometheus", prometheus.Address.ToString());

        Assert.Contains("can be read by every user", serve.Error, StringComparison.Ordinal);
        Assert.Contains("the bearer token has 11 characters; use at least 32", serve.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("short-token", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OwnerOnlyLongToken_NoWarning()
    {
        await using var prometheus = await HostilePrometheus.StartAsync();
        await using var serve = await ServeRun.StartAsync(LongToken, OwnerOnly | UnixFileMode.GroupRead, "--prometheus", prometheus.Address.ToString());

        Assert.DoesNotContain("warning", serve.Error, StringComparison.Ordinal);
    }
}
