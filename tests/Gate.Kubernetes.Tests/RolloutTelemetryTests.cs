using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gate.Core.Diagnostics;
using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Kubernetes.Tests;

/// <summary>
/// The spans and metrics of whole rollouts through KubernetesClient against the loopback fake API server, read with
/// in-process listeners. Other tests run rollouts in parallel, so spans are selected by this test's trace and requests
/// by this test's server port.
/// </summary>
public sealed class RolloutTelemetryTests
{
    private const string TestSourceName = "Gate.Tests.Kubernetes";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    [Fact]
    public async Task RunAsync_UnhealthyAtSecondStage_NestsStagesAnalysesAndRollbackUnderRolloutSpan()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 30);
        using var spans = new SpanRecorder();
        string traceId;
        string parentId;
        RolloutOutcome outcome;
        using (var parent = TestSource.StartActivity("test"))
        {
            traceId = parent!.TraceId.ToHexString();
            parentId = parent.SpanId.ToHexString();
            outcome = await h.RunAsync(h.Plan(), ScriptedAnalyzer.UnhealthyAt(1));
        }

        Assert.Equal(RolloutOutcomeKind.RolledBack, outcome.Kind);
        var mine = spans.Stopped.Where(a => a.TraceId.ToHexString() == traceId).ToList();
        var rollout = Assert.Single(mine, a => a.OperationName == "gate.rollout");
        Assert.Equal(parentId, rollout.ParentSpanId.ToHexString());
        Assert.Equal("monitoring/node-agent", rollout.GetTagItem(GateAttributes.Workload));
        Assert.Equal("rolled-back", rollout.GetTagItem(GateAttributes.Outcome));
        Assert.Equal(30, rollout.GetTagItem(GateAttributes.Nodes));
        Assert.Equal(ActivityStatusCode.Error, rollout.Status);

        // 30 nodes, stages 1, 1% (= 1, dropped), 10%, 50%, 100%: stage 0 on 1 node passes, stage 1 on 3 nodes fails
        var stages = mine.Where(a => a.OperationName == "gate.stage").OrderBy(a => (int)a.GetTagItem(GateAttributes.Stage)!).ToList();
        Assert.All(stages, s => Assert.Equal(rollout.SpanId, s.ParentSpanId));
        Assert.Equal([0, 1], stages.Select(s => (int)s.GetTagItem(GateAttributes.Stage)!));
        Assert.Equal([1, 3], stages.Select(s => (int)s.GetTagItem(GateAttributes.StageNodes)!));
        Assert.Equal(["pass", "fail"], stages.Select(s => (string)s.GetTagItem(GateAttributes.Verdict)!));
        Assert.Equal([ActivityStatusCode.Ok, ActivityStatusCode.Error], stages.Select(s => s.Status));
        Assert.Contains("apiserver p99 3.2s > slo 1s", (string)stages[1].GetTagItem(GateAttributes.Reasons)!, StringComparison.Ordinal);

        var analyses = mine.Where(a => a.OperationName == "gate.analysis").ToList();
        Assert.Equal(2, analyses.Count);
        Assert.Equal(stages.Select(s => s.SpanId), analyses.Select(a => a.ParentSpanId));
        Assert.Equal(["pass", "fail"], analyses.Select(a => (string)a.GetTagItem(GateAttributes.Verdict)!));

        var rollback = Assert.Single(mine, a => a.OperationName == "gate.rollback");
        Assert.Equal(rollout.SpanId, rollback.ParentSpanId);
        Assert.Equal(1, rollback.GetTagItem(GateAttributes.Stage));
        Assert.True(rollback.StartTimeUtc >= stages[1].StartTimeUtc + stages[1].Duration, "the rollback starts when the failed stage ends");
        Assert.True(rollout.StartTimeUtc + rollout.Duration >= rollback.StartTimeUtc + rollback.Duration, "the rollout span ends last");
    }

    [Fact]
    public async Task RunAsync_CrashloopingImage_StageFailsWithoutAnalysisAndRollsBack()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 30);
        using var spans = new SpanRecorder();
        string traceId;
        using (var parent = TestSource.StartActivity("test"))
        {
            traceId = parent!.TraceId.ToHexString();
            await h.RunAsync(h.Plan(image: RolloutHarness.CrashImage), new ScriptedAnalyzer());
        }

        var mine = spans.Stopped.Where(a => a.TraceId.ToHexString() == traceId).ToList();
        var stage = Assert.Single(mine, a => a.OperationName == "gate.stage");
        Assert.Equal("fail", stage.GetTagItem(GateAttributes.Verdict));
        Assert.False(string.IsNullOrWhiteSpace((string?)stage.GetTagItem(GateAttributes.Reasons)));
        Assert.DoesNotContain(mine, a => a.OperationName == "gate.analysis");
        var rollout = Assert.Single(mine, a => a.OperationName == "gate.rollout");
        Assert.Equal(rollout.SpanId, Assert.Single(mine, a => a.OperationName == "gate.rollback").ParentSpanId);
    }

    [Fact]
    public async Task RunAsync_Rollout_CountsEveryApiRequestByVerbAndResourceAsTheServerSawThem()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 30);
        var port = h.Server.Url.Port;
        var counted = new ConcurrentQueue<Dictionary<string, object?>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GateInstrumentation.Name && instrument.Name == "gate.api.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if (map.GetValueOrDefault(GateAttributes.ServerPort) is int p && p == port)
            {
                for (var i = 0; i < value; i++)
                {
                    counted.Enqueue(map);
                }
            }
        });
        listener.Start();

        var outcome = await h.RunAsync(h.Plan());
        listener.Dispose();

        Assert.Equal(RolloutOutcomeKind.Promoted, outcome.Kind);
        // every attempt counts (an attempt the client abandoned after its timeout has no status code)
        var served = h.Server.Requests.Select(r => $"{r.Verb} {r.Resource}").Order(StringComparer.Ordinal).ToList();
        var metered = counted.Select(t => $"{t[GateAttributes.ApiVerb]} {t[GateAttributes.ApiResource]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(served, metered);
        var statuses = h.Server.Requests.Select(r => r.Status).ToHashSet();
        Assert.All(counted, t => Assert.True(t[GateAttributes.HttpStatusCode] is null || statuses.Contains((int)t[GateAttributes.HttpStatusCode]!)));
        Assert.Contains(counted, t => t[GateAttributes.HttpStatusCode] is 200);
        Assert.InRange(metered.Count(m => m == "delete pods"), 30, 40); // one per node, plus any retried attempt
        Assert.Contains("create leases", metered);
        Assert.All(counted, t => Assert.Equal("kubernetes", t[GateAttributes.System]));
        var values = counted.SelectMany(t => t.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToList();
        Assert.DoesNotContain(values, v => v.Contains(RolloutHarness.Namespace, StringComparison.Ordinal) || v.Contains(RolloutHarness.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(values, v => v.Contains(FakeKubeServer.GateToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "https://k:6443/apis/apps/v1/namespaces/monitoring/daemonsets/node-agent", "get", "daemonsets")]
    [InlineData("GET", "https://k:6443/api/v1/namespaces/monitoring/pods?labelSelector=app%3Dx", "list", "pods")]
    [InlineData("GET", "https://k:6443/api/v1/nodes?watch=true&resourceVersion=5", "watch", "nodes")]
    [InlineData("GET", "https://k:6443/api/v1/namespaces/kube-system", "get", "namespaces")]
    [InlineData("PUT", "https://k:6443/apis/coordination.k8s.io/v1/namespaces/monitoring/leases/gate-rollout-node-agent", "update", "leases")]
    [InlineData("POST", "https://k:6443/apis/coordination.k8s.io/v1/namespaces/monitoring/leases", "create", "leases")]
    [InlineData("PATCH", "https://k:6443/apis/apps/v1/namespaces/monitoring/daemonsets/node-agent/status", "patch", "daemonsets/status")]
    [InlineData("DELETE", "https://k:6443/api/v1/namespaces/monitoring/pods/node-agent-x1", "delete", "pods")]
    [InlineData("DELETE", "https://k:6443/api/v1/namespaces/monitoring/pods", "deletecollection", "pods")]
    [InlineData("GET", "https://k:6443/version", "get", "unknown")]
    public void Describe_RequestUrl_GivesKubernetesVerbAndResourceOnly(string method, string url, string verb, string resource)
    {
        Assert.Equal((verb, resource), ApiRequestMeter.Describe(new HttpMethod(method), new Uri(url)));
    }

    /// <summary>Records every stopped span of the "Gate" and test sources.</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ActivityListener _listener;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name is GateInstrumentation.Name or TestSourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a => Stopped.Enqueue(a),
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public ConcurrentQueue<Activity> Stopped { get; } = new();

        public void Dispose() => _listener.Dispose();
    }
}
