using Gate.Core.Health;
using Gate.Testing;

namespace Gate.Core.Tests.Health;

public class HealthJudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthWindow Canary = HealthWindow.Ending(Now, TimeSpan.FromMinutes(5));
    private static readonly HealthWindow Before = HealthWindow.Ending(Now.AddMinutes(-10), TimeSpan.FromMinutes(5));

    private static readonly CanaryContext Agent = new()
    {
        Namespace = "telemetry",
        DaemonSet = "otel-agent",
        Pods = ["otel-agent-x1"],
        Nodes = ["node-1"],
        FleetNodes = 5000,
        EstimatedPerNode = new Dictionary<string, double> { [WellKnownSignals.ProjectionRequests] = 0.4 },
    };

    [Fact]
    public async Task EvaluateAsync_HealthyCluster_Passes()
    {
        var pack = HealthPackLoader.BuiltIn();
        var judge = new HealthJudge(pack, new ScriptedHealthSource().Healthy(pack));

        var baseline = await judge.CaptureBaselineAsync(Before, Agent);
        var verdict = await judge.EvaluateAsync(Canary, baseline, Agent);

        Assert.Equal(HealthOutcome.Pass, verdict.Outcome);
        Assert.All(verdict.Signals, s => Assert.Equal(HealthOutcome.Pass, s.Outcome));
        Assert.Equal(HealthOutcome.Pass, verdict.Projection!.Outcome);
    }

    [Fact]
    public async Task EvaluateAsync_QuadraticAgentOnOneNode_FailsOnProjectionWhileHealthIsGreen()
    {
        var pack = HealthPackLoader.BuiltIn();
        // One canary node: 0.5 req/s and 0.01 cores look harmless, but × 5,000 nodes = 2,500 req/s > 250.
        var source = new ScriptedHealthSource().Healthy(pack)
            .OnSeries(WellKnownSignals.ProjectionRequests, (_, _) => 0.5)
            .OnSeries(WellKnownSignals.ProjectionExecutionSeconds, (_, _) => 0.0001);

        var verdict = await new HealthJudge(pack, source).EvaluateAsync(Canary, null, Agent);

        Assert.Equal(HealthOutcome.Fail, verdict.Outcome);
        Assert.All(verdict.Signals, s => Assert.Equal(HealthOutcome.Pass, s.Outcome));
        var line = verdict.Projection!.Lines.Single(l => l.Metric == WellKnownSignals.ProjectionRequests);
        Assert.Equal(HealthOutcome.Fail, line.Outcome);
        Assert.Equal(0.5, line.PerNode);
        Assert.Equal(2500, line.Projected);
        Assert.Equal("0.5 req/s/node, estimate 0.4 req/s/node × 5000 = 2500 req/s > budget 250 req/s", line.Reason);
        Assert.Equal(HealthOutcome.Pass, verdict.Projection.Lines.Single(l => l.Metric == WellKnownSignals.ProjectionExecutionSeconds).Outcome);
    }

    [Theory]
    [InlineData(true, HealthOutcome.Pass)]
    [InlineData(false, HealthOutcome.Inconclusive)]
    public async Task EvaluateAsync_NoSeriesForTheCanaryFlowSchema_IsZeroOnlyWhenTheGateInstalledIt(bool installed, HealthOutcome expected)
    {
        // A FlowSchema's traffic counters appear at its first request: an agent that sent none has no series.
        var pack = HealthPackLoader.BuiltIn();
        var source = new ScriptedHealthSource().Healthy(pack)
            .On(WellKnownSignals.ProjectionRequests, _ => HealthQueryResult.Success(Array.Empty<HealthSeries>()));

        var verdict = await new HealthJudge(pack, source).EvaluateAsync(Canary, null, Agent with { FlowSchemaInstalled = installed });

        var line = verdict.Projection!.Lines.Single(l => l.Metric == WellKnownSignals.ProjectionRequests);
        Assert.Equal(expected, line.Outcome);
        Assert.Equal(installed ? 0 : null, line.Projected);
    }

    [Fact]
    public async Task EvaluateAsync_StartupBurst_IsAddedToTheProjection()
    {
        var pack = HealthPackLoader.BuiltIn();
        var source = new ScriptedHealthSource().Healthy(pack).OnSeries(WellKnownSignals.ProjectionRequests, (_, _) => 0.02);
        var agent = Agent with { StartupBurst = new Dictionary<string, double> { [WellKnownSignals.ProjectionRequests] = 200 } };

        var verdict = await new HealthJudge(pack, source).EvaluateAsync(Canary, null, agent);

        var line = verdict.Projection!.Lines.Single(l => l.Metric == WellKnownSignals.ProjectionRequests);
        Assert.Equal(300, line.Projected!.Value, 6);
        Assert.Equal(HealthOutcome.Fail, line.Outcome);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, HealthOutcome.Fail)]
    [InlineData(double.NaN, HealthOutcome.Inconclusive)]
    public async Task EvaluateAsync_NonFiniteProjectionSample_NeverPasses(double sample, HealthOutcome expected)
    {
        var pack = HealthPackLoader.BuiltIn();
        var source = new ScriptedHealthSource().Healthy(pack).OnSeries(WellKnownSignals.ProjectionRequests, (_, i) => i == 3 ? sample : 0.001);

        var verdict = await new HealthJudge(pack, source).EvaluateAsync(Canary, null, Agent);

        Assert.Equal(expected, verdict.Projection!.Lines.Single(l => l.Metric == WellKnownSignals.ProjectionRequests).Outcome);
        Assert.Equal(expected, verdict.Outcome);
    }

    [Fact]
    public async Task EvaluateAsync_SourceDown_InconclusiveThenFailsPastLimit()
    {
        var pack = HealthPackLoader.BuiltIn();
        var down = new ScriptedHealthSource();
        foreach (var s in pack.Signals)
        {
            down.On(s.Id, _ => HealthQueryResult.Failed(HealthQueryErrorKind.Unreachable, "connection refused"));
        }

        var judge = new HealthJudge(pack, down);
        var outcomes = new List<HealthOutcome>();
        var inARow = 0;
        for (var i = 0; i < 3; i++)
        {
            var v = await judge.EvaluateAsync(Canary, previousInconclusive: inARow);
            outcomes.Add(v.Outcome);
            inARow = v.ConsecutiveInconclusive;
        }

        Assert.Equal([HealthOutcome.Inconclusive, HealthOutcome.Inconclusive, HealthOutcome.Fail], outcomes);
    }

    [Fact]
    public async Task EvaluateAsync_WithoutCanary_SkipsAgentSignalsAndProjection()
    {
        var pack = HealthPackLoader.BuiltIn();

        var verdict = await new HealthJudge(pack, new ScriptedHealthSource().Healthy(pack)).EvaluateAsync(Canary);

        Assert.Equal(HealthOutcome.Pass, verdict.Outcome);
        Assert.Null(verdict.Projection);
        Assert.True(verdict.Signals.Single(s => s.Signal == WellKnownSignals.AgentRestarts).Skipped);
    }

    [Fact]
    public async Task EvaluateAsync_RendersPlaceholdersIntoQueries()
    {
        var pack = HealthPackLoader.BuiltIn();
        var source = new ScriptedHealthSource().Healthy(pack);

        await new HealthJudge(pack, source).EvaluateAsync(Canary, null, Agent);

        var restarts = source.Queries.Single(q => q.Signal == WellKnownSignals.AgentRestarts);
        Assert.Equal("sum(increase(kube_pod_container_status_restarts_total{namespace=\"telemetry\",pod=~\"otel-agent-x1\"}[2m]))", restarts.Expression);
        var requests = source.Queries.Single(q => q.Signal == WellKnownSignals.ProjectionRequests);
        Assert.Contains("flow_schema=\"gate-canary-otel-agent\"", requests.Expression, StringComparison.Ordinal);
        Assert.Equal("gate-canary-otel-agent", requests.Scrape!.Match.Single().Values.Single());
        Assert.Equal(Canary.Start, requests.Start);
        Assert.Equal(TimeSpan.FromSeconds(15), requests.Step);
        Assert.DoesNotContain(source.Queries, q => q.Expression.Contains('$', StringComparison.Ordinal));
    }

    [Fact]
    public async Task CaptureBaselineAsync_QueriesOnlySignalsWithABaselineRule()
    {
        var pack = HealthPackLoader.BuiltIn();
        var source = new ScriptedHealthSource().Healthy(pack);

        var baseline = await new HealthJudge(pack, source).CaptureBaselineAsync(Before);

        Assert.Equal(pack.Signals.Where(s => s.Baseline is not null && !s.Canary).Select(s => s.Id).Order(), baseline.Signals.Keys.Order());
        Assert.All(source.Queries, q => Assert.Equal(Before.End, q.End));
    }
}
