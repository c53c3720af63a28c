using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gate.Core.Health;
using Microsoft.Extensions.Time.Testing;

namespace Gate.AnalysisHook.Tests;

public class JudgeVerdictSourceTests
{
    [Fact]
    public async Task Serve_HealthSourceDown_AnswersInconclusiveWithReasons()
    {
        var source = new UnreachableSource();
        await using var server = await StartAsync(source);
        using var client = new HttpClient { BaseAddress = server.Address };

        var (status, result) = await AnalyzeAsync(client, "kube-system", "agent");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("inconclusive", result.GetProperty("verdict").GetString());
        Assert.True(result.GetProperty("reasons").GetArrayLength() > 1);
        Assert.True(source.Queries > 0);
    }

    [Fact]
    public async Task Serve_OtherWorkloadsSameWindow_ShareOneJudgement()
    {
        var source = new UnreachableSource();
        await using var server = await StartAsync(source);
        using var client = new HttpClient { BaseAddress = server.Address };

        await AnalyzeAsync(client, "kube-system", "agent");
        var queriesForOne = source.Queries;
        await AnalyzeAsync(client, "monitoring", "collector");
        await AnalyzeAsync(client, "ns-" + Guid.NewGuid().ToString("N"), "random");

        Assert.True(queriesForOne > 0);
        Assert.Equal(queriesForOne, source.Queries);
        Assert.Equal(1, server.SourceCalls);
    }

    [Fact]
    public void VerdictKey_DependsOnWindowOnly()
    {
        var verdicts = new JudgeVerdictSource(new HealthJudge(HealthPackLoader.BuiltIn(), new UnreachableSource()), new UnreachableSource(), TimeProvider.System);

        Assert.Equal(verdicts.VerdictKey(new AnalysisQuery("a", "x", "1%", 300)), verdicts.VerdictKey(new AnalysisQuery("b", "y", null, 300)));
        Assert.NotEqual(verdicts.VerdictKey(new AnalysisQuery("a", "x", null, 300)), verdicts.VerdictKey(new AnalysisQuery("a", "x", null, 600)));
    }

    [Fact]
    public async Task IsReady_HealthSourceDown_False()
    {
        var source = new UnreachableSource();
        var verdicts = new JudgeVerdictSource(new HealthJudge(HealthPackLoader.BuiltIn(), source), source, TimeProvider.System);

        Assert.False(await verdicts.IsReadyAsync(CancellationToken.None));
    }

    [Fact]
    public void ToHookVerdict_FailingSignal_ListsItAfterOverallReason()
    {
        var window = new HealthWindow(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(5));
        var verdict = new HealthVerdict
        {
            Outcome = HealthOutcome.Fail,
            Reason = "1 signal failed",
            Window = window,
            Signals =
            [
                new SignalVerdict { Signal = "p99", Title = "p99", Unit = "s", Outcome = HealthOutcome.Fail, Reason = "p99 2.1 s > 1 s", Value = 2.1, Limit = 1 },
                new SignalVerdict { Signal = "5xx", Title = "5xx", Unit = "1/s", Outcome = HealthOutcome.Pass, Reason = "0 ≤ 1", Value = 0, Limit = 1 },
            ],
        };

        var hook = JudgeVerdictSource.ToHookVerdict(verdict);

        Assert.Equal("fail", hook.Verdict);
        Assert.Equal(["1 signal failed", "p99: p99 2.1 s > 1 s"], hook.Reasons);
        Assert.Equal(2.1, hook.Signals["p99"].Value);
        Assert.Equal("pass", hook.Signals["5xx"].Verdict);
    }

    private static Task<AnalysisHookServer> StartAsync(IHealthSource source)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var verdicts = new JudgeVerdictSource(new HealthJudge(HealthPackLoader.BuiltIn(), source), source, clock);
        var options = new HookOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Token = "t0ken" };
        return AnalysisHookServer.StartAsync(options, verdicts, clock);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Result)> AnalyzeAsync(HttpClient client, string ns, string workload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analysis?namespace={ns}&workload={workload}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
        using var response = await client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("result").Clone());
    }

    private sealed class UnreachableSource : IHealthSource
    {
        private int _queries;

        public string Name => "unreachable";

        public int Queries => Volatile.Read(ref _queries);

        public Task<HealthQueryResult> QueryAsync(HealthQuery query, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _queries);
            return Task.FromResult(HealthQueryResult.Failed(HealthQueryErrorKind.Unreachable, "connection refused"));
        }
    }
}
