using System.Net;
using System.Net.Http.Headers;
using Gate.AnalysisHook;
using Gate.Core.Diagnostics;
using Gate.Testing.Otlp;

namespace Gate.Telemetry.Tests;

/// <summary>gate serve's analysis requests as an OTLP collector receives them.</summary>
[Collection(OtlpCollection.Name)]
public sealed class ServeTelemetryTests
{
    private const string Token = "hook-token-7a1f";

    [Fact]
    public async Task AnalysisRequest_OtlpEndpointSet_ExportsAnalysisSpanUnderServerSpanWithVerdict()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var env = GateTelemetryTests.Environment(receiver);

        using (GateTelemetry.Start(k => env.GetValueOrDefault(k), "1.0.0"))
        {
            var options = new HookOptions { Token = Token, Listen = new IPEndPoint(IPAddress.Loopback, 0) };
            await using var server = await AnalysisHookServer.StartAsync(options, new FailingSource(), TimeProvider.System);
            using var http = new HttpClient { BaseAddress = server.Address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var answer = await http.GetAsync(new Uri("/api/v1/analysis?namespace=monitoring&workload=node-agent&stage=canary", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using var probe = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }

        var spans = receiver.Spans;
        var analysis = Assert.Single(spans, s => s.Name == "gate.analysis");
        Assert.Equal("serve", analysis.Attributes[GateAttributes.Source]);
        Assert.Equal("monitoring/node-agent", analysis.Attributes[GateAttributes.Workload]);
        Assert.Equal("canary", analysis.Attributes[GateAttributes.Stage]);
        Assert.Equal("fail", analysis.Attributes[GateAttributes.Verdict]);
        Assert.Equal("apiserver p99 2.4 s over SLO 1 s", analysis.Attributes[GateAttributes.Reasons]);
        var request = Assert.Single(spans, s => s.SpanId == analysis.ParentSpanId);
        Assert.Equal("GET", request.Attributes["http.request.method"]);
        Assert.Equal("/api/v1/analysis", request.Attributes["url.path"]);
        Assert.DoesNotContain(spans, s => s.Attributes.GetValueOrDefault("url.path") == "/healthz");
        Assert.DoesNotContain(spans.SelectMany(s => s.Attributes.Values), v => v.Contains(Token, StringComparison.Ordinal));
        Assert.Contains(receiver.MetricPoints, p => p.Name == "gate.analysis.verdicts"
            && p.Attributes.GetValueOrDefault(GateAttributes.Source) == "serve" && p.Attributes.GetValueOrDefault(GateAttributes.Verdict) == "fail");
    }

    /// <summary>A health source that judges every window unhealthy.</summary>
    private sealed class FailingSource : IVerdictSource
    {
        public Task<HookVerdict> JudgeAsync(AnalysisQuery query, CancellationToken cancellationToken) =>
            Task.FromResult(new HookVerdict(HookVerdict.Fail, ["apiserver p99 2.4 s over SLO 1 s"], new Dictionary<string, SignalResult>()));

        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public string VerdictKey(AnalysisQuery query) => "all";
    }
}
