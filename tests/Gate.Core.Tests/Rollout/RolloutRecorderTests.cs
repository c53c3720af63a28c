using Gate.Core.Health;
using Gate.Core.Rollout;
using Gate.Testing;

namespace Gate.Core.Tests.Rollout;

public class RolloutRecorderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_RepeatedPhase_OneEventPerPhaseOrStageChange()
    {
        var clock = new ManualClock(Start);
        var recorder = new RolloutRecorder(clock);

        foreach (var (seconds, phase, stage, updated) in new[] { (0, RolloutPhase.Preparing, 0, 0), (5, RolloutPhase.Updating, 0, 0), (10, RolloutPhase.Updating, 0, 1), (20, RolloutPhase.Baking, 0, 1), (30, RolloutPhase.Baking, 0, 1), (40, RolloutPhase.Updating, 1, 1), (50, RolloutPhase.RollingBack, 1, 3) })
        {
            clock.Now = Start.AddSeconds(seconds);
            recorder.Observe(new RolloutProgress { Phase = phase, Stage = stage, StageCount = 3, Updated = updated, Total = 10, Activity = phase.ToString() });
        }

        Assert.Equal([0.0, 5, 20, 40, 50], recorder.Events.Select(e => (e.At - Start).TotalSeconds));
        Assert.Equal([RolloutPhase.Preparing, RolloutPhase.Updating, RolloutPhase.Baking, RolloutPhase.Updating, RolloutPhase.RollingBack], recorder.Events.Select(e => e.Phase));
        var record = recorder.ToRecord(new DaemonSetRef("ns", "agent"), [], null);
        Assert.Equal([0.0, 1, 3], record.Agents.Select(p => p.Value));
        Assert.Equal("rolling-back", record.Outcome);
        Assert.Equal(10, record.Nodes);
    }

    [Fact]
    public async Task Wrap_QueriedSignals_RecordsFiniteWorstSamplesOncePerTime()
    {
        var recorder = new RolloutRecorder(new ManualClock(Start));
        var source = new ScriptedHealthSource()
            .On("p99", q => HealthQueryResult.Success([
                new HealthSeries(new Dictionary<string, string> { ["instance"] = "a" }, [new(Start, 0.2), new(Start.AddSeconds(15), double.NaN)]),
                new HealthSeries(new Dictionary<string, string> { ["instance"] = "b" }, [new(Start, 0.5), new(Start.AddSeconds(30), 0.1)]),
            ]))
            .On("down", _ => HealthQueryResult.Failed(HealthQueryErrorKind.Unreachable, "refused"));
        var wrapped = recorder.Wrap(source);

        var query = new HealthQuery { Signal = "p99", Expression = "x", Start = Start, End = Start.AddSeconds(30) };
        await wrapped.QueryAsync(query);
        await wrapped.QueryAsync(query);
        var failed = await wrapped.QueryAsync(query with { Signal = "down" });

        Assert.False(failed.IsSuccess);
        Assert.Equal("scripted", wrapped.Name);
        var record = recorder.ToRecord(new DaemonSetRef("ns", "agent"), [], null);
        var p99 = Assert.Single(record.Signals).Value;
        Assert.Equal([(0.0, 0.5), (30, 0.1)], p99.Select(p => ((p.At - Start).TotalSeconds, p.Value)));
    }

    [Fact]
    public void ToJson_FullRecord_ParsesBackEqual()
    {
        var record = new RolloutRecord
        {
            Target = "ns/agent",
            Change = "image example/agent:2",
            RunId = "gate@1",
            StartedAt = Start,
            EndedAt = Start.AddMinutes(20),
            Nodes = 40,
            Outcome = "rolled-back",
            Reason = "stage 1 failed",
            Events = [new RolloutEvent(Start, RolloutPhase.Updating, 0, 3, 0, "stage 1: replacing pods on 1 node")],
            Agents = [new RecordedPoint(Start, 1)],
            Signals = new Dictionary<string, IReadOnlyList<RecordedPoint>> { ["apiserver-request-p99"] = [new RecordedPoint(Start, 0.25)] },
            Analyses = [new RecordedAnalysis(Start.AddMinutes(6), 1, 1, StageVerdictKind.Unhealthy, "failed: projection", ["projection-requests: fail — 2 > 1"])
            {
                Projection = [new RecordedProjection("projection-requests", "Requests", "req/s", HealthOutcome.Fail, 0.5, 20, 10)],
            }],
        };

        var json = record.ToJson();
        var back = RolloutRecord.Parse(json);

        Assert.Contains("\"schema\":\"gate.rollout-record/v1\"", json, StringComparison.Ordinal);
        Assert.NotNull(back);
        Assert.Equal(json, back.ToJson());
        Assert.Null(RolloutRecord.Parse("{\"schema\":\"other\"}"));
        Assert.Null(RolloutRecord.Parse("not json"));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
