using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gate.AnalysisHook.Tests;

public class AnalysisHookServerTests
{
    private const string Query = "/api/v1/analysis?namespace=kube-system&workload=otel-agent&window=300";

    [Fact]
    public async Task Get_ValidToken_Returns200WithVerdictReasonsAndSignals()
    {
        await using var hook = await HookFixture.StartAsync();

        using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Get, Query));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("result");
        Assert.Equal("pass", result.GetProperty("verdict").GetString());
        Assert.Equal("apiserver request p99 pass", result.GetProperty("reasons")[0].GetString());
        Assert.Equal(0.42, result.GetProperty("signals").GetProperty("apiserver-request-p99").GetProperty("value").GetDouble());
        Assert.Equal(new AnalysisQuery("kube-system", "otel-agent", null, 300), hook.Source.LastQuery);
    }

    [Fact]
    public async Task Post_JsonBody_UsesBodyAndDefaultWindow()
    {
        await using var hook = await HookFixture.StartAsync();
        using var content = JsonContent.Create(new { @namespace = "ns1", workload = "agent", stage = "1%" });

        using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Post, "/api/v1/analysis", content: content));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new AnalysisQuery("ns1", "agent", "1%", 300), hook.Source.LastQuery);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("")]
    public async Task Get_MissingOrWrongToken_Returns401WithoutVerdict(string? token)
    {
        await using var hook = await HookFixture.StartAsync();

        using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Get, Query, token));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("verdict", body, StringComparison.Ordinal);
        Assert.Equal(0, hook.Source.Calls);
    }

    [Theory]
    [InlineData("/api/v1/analysis?workload=agent")]
    [InlineData("/api/v1/analysis?namespace=ns")]
    [InlineData("/api/v1/analysis?namespace=ns&workload=agent&window=-5")]
    public async Task Get_IncompleteQuery_Returns400(string pathAndQuery)
    {
        await using var hook = await HookFixture.StartAsync();

        using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Get, pathAndQuery));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400()
    {
        await using var hook = await HookFixture.StartAsync();
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");

        using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Post, "/api/v1/analysis", content: content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_HealthSourceOutage_Returns200Inconclusive()
    {
        await using var hook = await HookFixture.StartAsync();
        hook.Source.Judge = _ => Task.FromException<HookVerdict>(new HttpRequestException("connection refused"));

        var verdict = await VerdictAsync(hook);

        Assert.Equal("inconclusive", verdict);
    }

    [Fact]
    public async Task Get_JudgementSlowerThanTimeout_Returns200InconclusiveInTime()
    {
        await using var hook = await HookFixture.StartAsync(requestTimeout: TimeSpan.FromMilliseconds(300));
        var never = new TaskCompletionSource<HookVerdict>();
        hook.Source.Judge = _ => never.Task;

        var verdict = await VerdictAsync(hook);

        Assert.Equal("inconclusive", verdict);
    }

    [Fact]
    public async Task Get_ManyConcurrentCallsInOneWindow_AskHealthSourceOnce()
    {
        await using var hook = await HookFixture.StartAsync();
        var gate = new TaskCompletionSource<HookVerdict>();
        hook.Source.Judge = _ => gate.Task;

        var calls = Enumerable.Range(0, 20).Select(_ => VerdictAsync(hook)).ToArray();
        gate.SetResult(ScriptedVerdictSource.Verdict(HookVerdict.Fail));
        var verdicts = await Task.WhenAll(calls);

        Assert.All(verdicts, v => Assert.Equal("fail", v));
        Assert.Equal(1, hook.Source.Calls);
    }

    [Fact]
    public async Task Get_AfterCacheTtl_AsksHealthSourceAgain()
    {
        await using var hook = await HookFixture.StartAsync();

        await VerdictAsync(hook);
        await VerdictAsync(hook);
        hook.Clock.Advance(TimeSpan.FromSeconds(31));
        await VerdictAsync(hook);

        Assert.Equal(2, hook.Source.Calls);
    }

    [Fact]
    public async Task Probes_NoToken_HealthzOkAndReadyzFollowsSource()
    {
        await using var hook = await HookFixture.StartAsync();

        using var healthz = await hook.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await hook.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        hook.Source.Ready = false;
        hook.Clock.Advance(TimeSpan.FromSeconds(5));
        using var notReady = await hook.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
    }

    [Fact]
    public async Task Readyz_ManyCallsWithinTtl_ProbeSourceOnce()
    {
        await using var hook = await HookFixture.StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => StatusAsync(hook.Client, "/readyz")));
        var probesWithinTtl = hook.Source.ReadyCalls;
        hook.Clock.Advance(TimeSpan.FromSeconds(5));
        await StatusAsync(hook.Client, "/readyz");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(1, probesWithinTtl);
        Assert.Equal(2, hook.Source.ReadyCalls);
    }

    [Fact]
    public async Task Readyz_NotReady_ProbesAgainSooner()
    {
        await using var hook = await HookFixture.StartAsync();
        hook.Source.Ready = false;

        var down = await StatusAsync(hook.Client, "/readyz");
        hook.Source.Ready = true;
        hook.Clock.Advance(TimeSpan.FromSeconds(1));
        var up = await StatusAsync(hook.Client, "/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Equal(HttpStatusCode.OK, up);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Post_UnauthenticatedLargeMalformedBody_Returns401WithoutParsing(string? token)
    {
        await using var hook = await HookFixture.StartAsync();
        using var content = new StringContent("{not json" + new string('a', 1024 * 1024), System.Text.Encoding.UTF8, "application/json");

        using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Post, "/api/v1/analysis", token, content));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("valid analysis query", body, StringComparison.Ordinal);
        Assert.Equal(0, hook.Source.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_AuthenticatedBodyPastCap_Returns413(bool withLength)
    {
        await using var hook = await HookFixture.StartAsync();
        var json = System.Text.Encoding.UTF8.GetBytes($$"""{"namespace":"ns1","workload":"agent","stage":"{{new string('x', 64 * 1024)}}"}""");
        using HttpContent content = withLength ? new ByteArrayContent(json) : new StreamContent(new UnknownLengthStream(json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Post, "/api/v1/analysis", content: content));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, hook.Source.Calls);
    }

    [Fact]
    public async Task Get_ManyDistinctQueries_CacheStaysBounded()
    {
        await using var hook = await HookFixture.StartAsync();

        for (var window = 1; window <= 300; window++)
        {
            using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Get, $"/api/v1/analysis?namespace=ns&workload=w&window={window}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(300, hook.Source.Calls);
        Assert.InRange(hook.Server.CachedVerdicts, 1, new HookOptions { Token = "t" }.MaxCachedVerdicts);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    private static async Task<string?> VerdictAsync(HookFixture hook)
    {
        using var response = await hook.Client.SendAsync(hook.Request(HttpMethod.Get, Query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("result").GetProperty("verdict").GetString();
    }

    /// <summary>A stream that does not say its length, so the body goes out chunked (no Content-Length to refuse up front).</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
