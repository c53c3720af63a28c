using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.Rollout;
using Gate.Simulation.Scenarios;
using Gate.Testing;
using Gate.Testing.Otlp;

namespace Gate.Telemetry.Tests;

/// <summary>The spans and metrics of real commands (gate demo's simulated rollout, gate check) as an OTLP collector receives them.</summary>
[Collection(OtlpCollection.Name)]
public sealed class RolloutTelemetryTests
{
    private const string Secret = "s3cr3t-otlp-token";

    [Fact]
    public async Task SimulatedRollout_CaughtAtFirstStage_ExportsRolloutWithStageAnalysisAndRollbackChildren()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var env = GateTelemetryTests.Environment(receiver);

        string parentId;
        using (GateTelemetry.Start(k => env.GetValueOrDefault(k), "1.0.0"))
        {
            using var parent = GateInstrumentation.StartSpan("gate demo");
            parentId = parent!.SpanId.ToHexString();
            var result = ScenarioRunner.RunWithGate(SimulationProfiles.ForNodes(1000), DemoAgents.Current, DemoAgents.ClusterWideLister);
            Assert.Equal(RolloutOutcomeKind.RolledBack, result.Outcome);
        }

        var spans = receiver.Spans;
        var rollout = Assert.Single(spans, s => s.Name == "gate.rollout");
        Assert.Equal(parentId, rollout.ParentSpanId);
        Assert.Equal("rolled-back", rollout.Attributes[GateAttributes.Outcome]);
        Assert.Equal("rollout", rollout.Attributes[GateAttributes.Intent]);
        Assert.Equal("1000", rollout.Attributes[GateAttributes.Nodes]);
        Assert.Equal("5", rollout.Attributes[GateAttributes.StageCount]);
        Assert.StartsWith("image ", rollout.Attributes[GateAttributes.Target], StringComparison.Ordinal);
        Assert.Contains("/", rollout.Attributes[GateAttributes.Workload], StringComparison.Ordinal);
        Assert.Equal(2, rollout.StatusCode);

        // the agent is caught at the first stage (one node): one stage span, failed, with the judge's reasons
        var stage = Assert.Single(spans, s => s.Name == "gate.stage");
        Assert.Equal(rollout.SpanId, stage.ParentSpanId);
        Assert.Equal("0", stage.Attributes[GateAttributes.Stage]);
        Assert.Equal("1", stage.Attributes[GateAttributes.StageNodes]);
        Assert.Equal("fail", stage.Attributes[GateAttributes.Verdict]);
        Assert.Contains("projection", stage.Attributes[GateAttributes.Reasons], StringComparison.Ordinal);
        Assert.Equal(2, stage.StatusCode);

        var analysis = Assert.Single(spans, s => s.Name == "gate.analysis");
        Assert.Equal(stage.SpanId, analysis.ParentSpanId);
        Assert.Equal("rollout", analysis.Attributes[GateAttributes.Source]);
        Assert.Equal("fail", analysis.Attributes[GateAttributes.Verdict]);
        Assert.Contains("projection", analysis.Attributes[GateAttributes.Reasons], StringComparison.Ordinal);

        var rollback = Assert.Single(spans, s => s.Name == "gate.rollback");
        Assert.Equal(rollout.SpanId, rollback.ParentSpanId);
        Assert.Equal("rolled-back", rollback.Attributes[GateAttributes.Outcome]);
        Assert.Equal("0", rollback.Attributes[GateAttributes.Stage]);
        Assert.All(spans.Where(s => s.Name.StartsWith("gate.", StringComparison.Ordinal)), s => Assert.Equal(rollout.TraceId, s.TraceId));

        var points = receiver.MetricPoints;
        Assert.Contains(points, p => p.Name == "gate.rollouts.started" && p.Value == 1);
        Assert.Contains(points, p => p.Name == "gate.rollouts.finished" && p.Attributes.GetValueOrDefault(GateAttributes.Outcome) == "rolled-back" && p.Value == 1);
        Assert.Contains(points, p => p.Name == "gate.analysis.verdicts" && p.Attributes.GetValueOrDefault(GateAttributes.Verdict) == "fail" && p.Value == 1);
        var duration = Assert.Single(points, p => p.Name == "gate.stage.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal(1, duration.Count);
        Assert.Equal("fail", duration.Attributes[GateAttributes.Verdict]);
        Assert.Equal("0", duration.Attributes[GateAttributes.Stage]);
        Assert.True(duration.Value >= 300, $"the stage baked 5 simulated minutes before its analysis, took {duration.Value} s");
    }

    [Fact]
    public async Task Check_OtlpEndpointSet_ExportsEstimateAndCheckSpanPerWorkload()
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        var (code, _) = await GateTelemetryTests.RunGateInAsync(
            RepoPaths.Corpus, GateTelemetryTests.Environment(receiver), "check", "otel-k8sattributes-cluster", "node-exporter", "--nodes", "1000", "--format", "json");

        Assert.Equal(ExitCodes.PolicyViolation, code);
        var spans = receiver.Spans;
        var root = Assert.Single(spans, s => s.Name == "gate check");
        var estimates = spans.Where(s => s.Name == "gate.estimate").ToList();
        var checks = spans.Where(s => s.Name == "gate.check").ToList();
        Assert.Equal(2, estimates.Count);
        Assert.Equal(2, checks.Count);
        Assert.All(estimates.Concat(checks), s =>
        {
            Assert.Equal(root.SpanId, s.ParentSpanId);
            Assert.Equal("1000", s.Attributes[GateAttributes.Nodes]);
            Assert.False(string.IsNullOrEmpty(s.Attributes[GateAttributes.Cluster]));
            Assert.Contains("/", s.Attributes[GateAttributes.Workload], StringComparison.Ordinal);
        });
        var collector = Assert.Single(estimates, s => s.Attributes[GateAttributes.Workload] == "observability/otel-agent");
        Assert.True(double.Parse(collector.Attributes[GateAttributes.RequestsPerSecond], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(estimates.Select(s => s.Attributes[GateAttributes.Workload]).Order(), checks.Select(s => s.Attributes[GateAttributes.Workload]).Order());
        var failing = Assert.Single(checks, s => s.Attributes[GateAttributes.Verdict] == "fail");
        Assert.Equal("observability/otel-agent", failing.Attributes[GateAttributes.Workload]);
        Assert.Contains("GATE", failing.Attributes[GateAttributes.Reasons], StringComparison.Ordinal);
        Assert.NotEqual("0", failing.Attributes[GateAttributes.Findings]);
        var passing = Assert.Single(checks, s => s.Attributes[GateAttributes.Verdict] == "pass");
        Assert.Equal("0", passing.Attributes[GateAttributes.Findings]);
        Assert.Contains(receiver.MetricPoints, p => p.Name == "gate.check.findings" && p.Attributes.GetValueOrDefault(GateAttributes.Severity) == "error" && p.Value >= 1);
    }

    [Fact]
    public async Task Check_OtlpHeadersWithSecret_SecretReachesCollectorButNoOutputOrSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var env = GateTelemetryTests.Environment(receiver);
        env["OTEL_EXPORTER_OTLP_HEADERS"] = "authorization=Bearer " + Secret;

        var (_, output) = await GateTelemetryTests.RunGateInAsync(RepoPaths.Corpus, env, "--verbose", "check", "otel-k8sattributes-cluster", "--nodes", "1000");

        Assert.Contains(receiver.Headers, h => h.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.NotEmpty(receiver.Spans);
        Assert.DoesNotContain(
            receiver.Spans.SelectMany(s => s.Attributes.Values.Concat(s.Resource.Values)),
            v => v.Contains(Secret, StringComparison.Ordinal));
    }
}
