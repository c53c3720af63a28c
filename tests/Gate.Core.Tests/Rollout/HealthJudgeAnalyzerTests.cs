using Gate.Core.Health;
using Gate.Core.Rollout;
using Gate.Testing;

namespace Gate.Core.Tests.Rollout;

/// <summary>The one stage analyzer of gate rollout, simulate and demo, over a scripted health source.</summary>
public sealed class HealthJudgeAnalyzerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DaemonSetRef Target = new("monitoring", "node-agent");
    private static readonly HealthPack Pack = HealthPackLoader.BuiltIn();

    private static StageAnalysisContext Stage(int index, int updated, DateTimeOffset now) =>
        new(Target, index, 5, updated, 1000, "abc123", now - TimeSpan.FromMinutes(5), now)
        {
            CanaryPods = [.. Enumerable.Range(0, updated).Select(i => new AgentPod($"node-agent-{i}", $"node-{i}", "abc123", Ready: true, Restarts: 0))],
        };

    [Fact]
    public async Task AnalyzeAsync_HealthySource_HealthyWithStagePrefixAndOneLinePerSignalAndMetric()
    {
        var analyzer = new HealthJudgeAnalyzer(new HealthJudge(Pack, new ScriptedHealthSource().Healthy(Pack)));
        await analyzer.CaptureBaselineAsync(Stage(0, 0, Start), CancellationToken.None);

        var verdict = await analyzer.AnalyzeAsync(Stage(0, 1, Start.AddMinutes(10)), CancellationToken.None);

        Assert.Equal(StageVerdictKind.Healthy, verdict.Kind);
        Assert.StartsWith("stage 1/5 (1 of 1000 nodes): ", verdict.Reason, StringComparison.Ordinal);
        Assert.All(verdict.Signals!, l => Assert.Matches("^[a-z0-9-]+: (pass|fail|inconclusive) — ", l));
        Assert.Contains(verdict.Signals!, l => l.StartsWith("projection-", StringComparison.Ordinal));
        var record = Assert.Single(analyzer.Analyses);
        Assert.Same(verdict, record.Stage);
        Assert.Equal(1, record.Context.UpdatedNodes);
        Assert.Same(record.Verdict, analyzer.LastVerdict);
    }

    [Fact]
    public async Task AnalyzeAsync_SourceWithoutAnswersBeyondTheLimit_InconclusiveThenFailsClosed()
    {
        var analyzer = new HealthJudgeAnalyzer(new HealthJudge(Pack, new ScriptedHealthSource()));
        await analyzer.CaptureBaselineAsync(Stage(0, 0, Start), CancellationToken.None);

        var kinds = new List<StageVerdictKind>();
        for (var i = 0; i <= Pack.Settings.InconclusiveLimit; i++)
        {
            kinds.Add((await analyzer.AnalyzeAsync(Stage(0, 1, Start.AddMinutes(10 + i)), CancellationToken.None)).Kind);
        }

        Assert.Equal([.. Enumerable.Repeat(StageVerdictKind.Inconclusive, Pack.Settings.InconclusiveLimit), StageVerdictKind.Unhealthy], kinds);
        Assert.Contains("failed closed", analyzer.Analyses[^1].Stage.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_NoCanaryPodsObserved_ProjectionInconclusiveNeverHealthy()
    {
        var analyzer = new HealthJudgeAnalyzer(new HealthJudge(Pack, new ScriptedHealthSource().Healthy(Pack)));
        await analyzer.CaptureBaselineAsync(Stage(0, 0, Start), CancellationToken.None);

        var verdict = await analyzer.AnalyzeAsync(Stage(0, 0, Start.AddMinutes(10)), CancellationToken.None);

        Assert.Equal(StageVerdictKind.Inconclusive, verdict.Kind);
        Assert.Contains("projection", verdict.Reason, StringComparison.Ordinal);
    }
}
