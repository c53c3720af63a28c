using Gate.Cli.Commands.Analyze;
using Gate.Core.Health;
using Gate.Testing;

namespace Gate.Cli.Tests.Analyze;

public class HealthReportTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    internal static HealthVerdict Sample() => new()
    {
        Outcome = HealthOutcome.Fail,
        Reason = "failed: apiserver-request-p99, projection",
        Source = "prometheus http://127.0.0.1:9090",
        Window = HealthWindow.Ending(End, TimeSpan.FromMinutes(5)),
        BaselineWindow = HealthWindow.Ending(End.AddMinutes(-10), TimeSpan.FromMinutes(5)),
        InconclusiveLimit = 2,
        Signals =
        [
            new SignalVerdict
            {
                Signal = WellKnownSignals.ApiServerRequestP99, Title = "API server request p99", Unit = "seconds", Outcome = HealthOutcome.Fail,
                Reason = "1.8 s above the limit 1 s", Value = 1.8, Limit = 1, Baseline = 0.12, PValue = 0.000123, Samples = 20, BaselineSamples = 20,
            },
            new SignalVerdict
            {
                Signal = WellKnownSignals.ApiServerRss, Title = "RSS", Unit = "bytes", Outcome = HealthOutcome.Pass,
                Reason = "1.1 GiB is 1.1× baseline 1 GiB, within 1.3 GiB", Value = 1.1 * 1024 * 1024 * 1024, Limit = 1.3 * 1024 * 1024 * 1024, Baseline = 1024.0 * 1024 * 1024, Samples = 20,
            },
            new SignalVerdict
            {
                Signal = WellKnownSignals.CoreDnsServfail, Title = "SERVFAIL", Unit = "ratio", Outcome = HealthOutcome.Inconclusive, Required = false,
                Reason = "no data: the query returned no samples in the window (optional signal, not counted)",
            },
            new SignalVerdict
            {
                Signal = WellKnownSignals.AgentRestarts, Title = "restarts", Unit = "count", Outcome = HealthOutcome.Inconclusive, Required = false, Skipped = true,
                Reason = "not evaluated: no canary pods given",
            },
        ],
        Projection = new ProjectionVerdict
        {
            Outcome = HealthOutcome.Fail,
            Reason = "projected to 5000 nodes over budget: projection-requests 0.5 req/s/node × 5000 = 2500 req/s > budget 250 req/s",
            FlowSchema = "gate-canary-otel-agent",
            CanaryNodes = 1,
            FleetNodes = 5000,
            Lines =
            [
                new ProjectionLine
                {
                    Metric = WellKnownSignals.ProjectionRequests, Title = "Requests", Unit = "req/s", Outcome = HealthOutcome.Fail, Budget = 250,
                    Measured = 0.5, PerNode = 0.5, EstimatedPerNode = 0.45, Projected = 2500, Reason = "0.5 req/s/node × 5000 = 2500 req/s > budget 250 req/s",
                },
            ],
        },
    };

    [Fact]
    public void WriteTable_FailedVerdict_MatchesSnapshot()
    {
        using var output = new StringWriter();
        var context = CliContext.ForWriters(output, TextWriter.Null, width: 200);

        HealthReport.WriteTable(context.Console, Sample());

        Snapshot.Match(output.ToString(), "table");
    }

    [Fact]
    public void ToJson_FailedVerdict_MatchesSnapshot() => Snapshot.Match(HealthReport.ToJson(Sample()), "json");

    [Fact]
    public void Windows_WithCanaryStart_BaselineEndsAtTheStart()
    {
        var settings = new HealthSettings { Window = TimeSpan.FromMinutes(5), BaselineOffset = TimeSpan.FromMinutes(10) };

        var (baseline, canary) = AnalyzeHandler.Windows(End, settings, End.AddMinutes(-2));
        var (fallback, latest) = AnalyzeHandler.Windows(End, settings, null);

        Assert.Equal(HealthWindow.Ending(End.AddMinutes(-2), TimeSpan.FromMinutes(5)), baseline);
        Assert.Equal(new HealthWindow(End.AddMinutes(-2), End), canary);
        Assert.Equal(HealthWindow.Ending(End.AddMinutes(-10), TimeSpan.FromMinutes(5)), fallback);
        Assert.Equal(HealthWindow.Ending(End, TimeSpan.FromMinutes(5)), latest);
    }
}
