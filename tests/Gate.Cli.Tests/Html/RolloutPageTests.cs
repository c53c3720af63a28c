using Gate.Cli.Reports.Html;
using Gate.Core;
using Gate.Core.Health;
using Gate.Core.Rollout;
using Gate.Testing;

namespace Gate.Cli.Tests.Html;

public class RolloutPageTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Page_RolledBackRecord_MatchesSnapshot()
    {
        var html = HtmlRenderer.Render(RolloutPages.Page(Record()));

        Assert.Contains("data-marker=\"rollback\" data-label=\"rollback\"", html, StringComparison.Ordinal);
        Assert.Contains("data-key=\"record.outcome\" data-value=\"&quot;rolled-back&quot;\"", html, StringComparison.Ordinal);
        Assert.Equal(Record().ToJson(), RolloutRecord.Parse(HtmlRenderer.EmbeddedRecord(html)!)!.ToJson());
        Snapshot.Match(html, "rollout.html");
    }

    [Fact]
    public void Page_SamplesBeforeTheStart_LeftOffTheCharts()
    {
        var record = Record() with
        {
            Signals = new Dictionary<string, IReadOnlyList<RecordedPoint>> { [WellKnownSignals.ApiServerRequestP99] = [new(Start.AddMinutes(-5), 7), new(Start.AddMinutes(1), 0.3)] },
        };

        var html = HtmlRenderer.Render(RolloutPages.Page(record));

        Assert.Contains("Request p99 (non-WATCH): from 300 ms at +1:00 to 300 ms at +1:00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("7 s", html, StringComparison.Ordinal);
    }

    private static RolloutRecord Record()
    {
        RolloutEvent E(double minutes, RolloutPhase phase, int stage, int updated) => new(Start.AddMinutes(minutes), phase, stage, 3, updated, $"{phase} {stage}");
        IReadOnlyList<RecordedPoint> Series(Func<int, double> value) => [.. Enumerable.Range(0, 40).Select(i => new RecordedPoint(Start.AddSeconds(15 * i), value(i)))];
        return new RolloutRecord
        {
            Target = "monitoring/node-agent",
            Change = "image agent:2.0",
            RunId = "gate@1",
            StartedAt = Start,
            EndedAt = Start.AddMinutes(10),
            Nodes = 40,
            Outcome = "rolled-back",
            Reason = "stage 2 failed: apiserver-request-p99",
            Events = [E(0, RolloutPhase.Preparing, 0, 0), E(0.5, RolloutPhase.Updating, 0, 0), E(1, RolloutPhase.Baking, 0, 1), E(3, RolloutPhase.Updating, 1, 1), E(4, RolloutPhase.Baking, 1, 4), E(6, RolloutPhase.Analyzing, 1, 4), E(6.2, RolloutPhase.RollingBack, 1, 4), E(8, RolloutPhase.RolledBack, 1, 0)],
            Agents = [new(Start, 0), new(Start.AddMinutes(1), 1), new(Start.AddMinutes(4), 4), new(Start.AddMinutes(8), 0)],
            Signals = new Dictionary<string, IReadOnlyList<RecordedPoint>>
            {
                [WellKnownSignals.ApiServerRequestP99] = Series(i => i < 20 ? 0.2 : 1.4),
                [WellKnownSignals.ApfInqueue] = Series(i => i < 20 ? 0 : 30),
                [WellKnownSignals.ApfRejected] = Series(i => i < 22 ? 0 : 2.5),
                [WellKnownSignals.ApiServerRss] = Series(i => 4e9 + (i * 1e8)),
                [WellKnownSignals.CoreDnsServfail] = Series(_ => 0),
            },
            Analyses =
            [
                new RecordedAnalysis(Start.AddMinutes(3), 1, 1, StageVerdictKind.Healthy, "pass", ["apiserver-request-p99: pass — 200 ms ≤ 1 s"])
                {
                    Projection = [new RecordedProjection("projection-requests", "Requests", "req/s", HealthOutcome.Pass, 0.5, 20, 250)],
                },
                new RecordedAnalysis(Start.AddMinutes(6), 2, 4, StageVerdictKind.Unhealthy, "failed: apiserver-request-p99", ["apiserver-request-p99: fail — 1.4 s > 1 s"])
                {
                    Projection = [new RecordedProjection("projection-requests", "Requests", "req/s", HealthOutcome.Pass, 2, 20, 250)],
                },
            ],
        };
    }
}
