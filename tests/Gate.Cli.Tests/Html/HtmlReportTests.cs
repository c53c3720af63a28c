using System.Text;
using System.Text.RegularExpressions;
using Gate.Cli.Reports.Html;
using Gate.Cli.Tests.Estimate;
using Gate.Core;
using Gate.Core.Rollout;
using Gate.Simulation.Scenarios;
using Gate.Testing;

namespace Gate.Cli.Tests.Html;

public class HtmlReportTests
{
    [Fact]
    public void DemoPage_Rendered_MatchesSnapshot()
    {
        var html = HtmlDemo.Html;

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Snapshot.Match(html, "demo.html");
    }

    [Fact]
    public void DemoPage_Rendered_SelfContainedOfflineAndUnderOneMegabyte()
    {
        var html = HtmlDemo.Html;

        Assert.True(Encoding.UTF8.GetByteCount(html) < 1_000_000, $"{Encoding.UTF8.GetByteCount(html):N0} bytes");
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        foreach (var outside in (string[])["<script", "http://", "https://", "@import", "@font-face", "<link", "<img", " src=", "href=\"//"])
        {
            Assert.DoesNotContain(outside, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void DemoPage_Rendered_EveryChartHasTextAlternativeAndDataTable()
    {
        var html = HtmlDemo.Html;

        var charts = Regex.Matches(html, "<svg class=\"chart\"").Count;
        Assert.Equal(21, charts);
        Assert.Equal(charts, Regex.Matches(html, "role=\"img\" aria-labelledby=\"[^\"]+-t [^\"]+-d\"").Count);
        Assert.Equal(charts, Regex.Matches(html, "<desc id=\"[^\"]+\">[^<]{20,}</desc>").Count);
        Assert.Equal(charts, Regex.Matches(html, "<details class=\"data\">").Count);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("Rollback: rollback at +", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_HtmlFormatWithOutput_WritesThePageAndExitsZero()
    {
        var folder = Directory.CreateTempSubdirectory("gate-html-");
        try
        {
            var file = Path.Combine(folder.FullName, "demo.html");

            var result = await GateRun.RunAsync("demo", "--format", "html", "--output", file);

            Assert.Equal(ExitCodes.Pass, result.ExitCode);
            Assert.Equal(string.Empty, result.Output);
            Assert.Equal(HtmlDemo.Html, await File.ReadAllTextAsync(file));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Simulate_HtmlFormat_BothRunsSideBySideAndMatchesSnapshot()
    {
        var result = await CorpusRun.RunAsync("simulate", "custom-poller-declared", "--nodes", "1000", "--format", "html");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.Contains("<div class=\"runs cols-2\">", result.Output, StringComparison.Ordinal);
        Assert.Contains("data-key=\"workloads[0].withGate.outcome\" data-value=\"&quot;rolled-back&quot;\"", result.Output, StringComparison.Ordinal);
        Assert.Equal(7, Regex.Matches(result.Output, "<svg class=\"chart\"[^>]*data-chart=\"workload-1-with-").Count);
        Snapshot.Match(result.Output, "custom-poller-declared.1000.html");
    }

    [Fact]
    public async Task Simulate_HtmlOutputInMissingFolder_ExitsTwoWithOneLine()
    {
        var result = await CorpusRun.RunAsync("simulate", "custom-poller-declared", "--nodes", "100", "--with-gate", "--format", "html", "--output", "no-such-folder/page.html");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("cannot write no-such-folder/page.html", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_StagesAndRollbackEvents_OneMarkerPerStageAndOneRollback()
    {
        var at = DateTimeOffset.UnixEpoch;
        RolloutEvent E(RolloutPhase phase, int stage) => new(at, phase, stage, 3, 0, "x");
        var events = new (double, RolloutEvent)[]
        {
            (0, E(RolloutPhase.Preparing, 0)), (10, E(RolloutPhase.Updating, 0)), (20, E(RolloutPhase.Baking, 0)), (30, E(RolloutPhase.Updating, 1)),
            (40, E(RolloutPhase.Analyzing, 1)), (50, E(RolloutPhase.RollingBack, 1)), (60, E(RolloutPhase.RollingBack, 1)), (70, E(RolloutPhase.RolledBack, 1)),
        };

        var markers = SimulationPages.Markers(events);

        Assert.Equal([new(10, MarkerKind.Stage, "S1"), new(30, MarkerKind.Stage, "S2"), new ChartMarker(50, MarkerKind.Rollback, "rollback")], markers);
    }

    [Fact]
    public void EmbeddedRecord_MarkupInside_RoundTripsWithoutMarkupInThePage()
    {
        var record = "{\"reason\":\"</pre><script>alert(1)</script> & more\"}";
        var page = HtmlRenderer.Render(new HtmlReport { Title = "t", EmbeddedRecord = record });

        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.Equal(record, HtmlRenderer.EmbeddedRecord(page));
        Assert.Null(HtmlRenderer.EmbeddedRecord("<html></html>"));
    }

    [Fact]
    public void Demo_AsExpected_ThePageSaysSo()
    {
        Assert.True(HtmlDemo.Demo.AsExpected);
        Assert.Contains("Demo result: as expected", HtmlDemo.Html, StringComparison.Ordinal);
        Assert.Contains("data-outcome=\"collapsed\"", HtmlDemo.Html, StringComparison.Ordinal);
        Assert.Equal(RolloutOutcomeKind.RolledBack, HtmlDemo.Demo.WithGate.Outcome);
        Assert.Contains(HtmlDemo.Demo.WithGate.Events, e => e.Event.Phase == RolloutPhase.RollingBack);
    }
}
