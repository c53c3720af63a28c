using Gate.GitHub.Publishing;
using Gate.GitHub.Reports;
using Gate.GitHub.Rendering;
using Gate.Testing;

namespace Gate.GitHub.Tests;

public class MarkdownRendererTests
{
    [Fact]
    public void RenderComment_FirstRunTwoSizes_MatchesSnapshot()
    {
        var body = MarkdownRenderer.RenderComment(TestData.TwoSizes(), TestData.Context(), MarkdownRenderer.Marker(null), previousBody: null);

        Snapshot.Match(body, "comment-first-run");
    }

    [Fact]
    public void RenderComment_SecondRun_CollapsesThePreviousOverviewOnly()
    {
        var marker = MarkdownRenderer.Marker(null);
        var first = MarkdownRenderer.RenderComment(TestData.TwoSizes(), TestData.Context(), marker, null);
        var second = MarkdownRenderer.RenderComment(TestData.OneSize("nodes-500"), TestData.Context(), marker, first);
        var third = MarkdownRenderer.RenderComment(TestData.OneSize("nodes-500"), TestData.Context(), marker, second);

        Snapshot.Match(second, "comment-second-run");
        Assert.StartsWith(marker, second, StringComparison.Ordinal);
        Assert.Single(AllIndexes(third, "<summary>Previous result</summary>"));
        Assert.Single(AllIndexes(third, marker));
    }

    [Fact]
    public void RenderJobSummary_WithDegradeNotice_MatchesSnapshot()
    {
        var summary = MarkdownRenderer.RenderJobSummary(TestData.TwoSizes(), TestData.Context(), ["Gate could not post the pull request comment: PR comment: GitHub refused (403: Resource not accessible by integration)."]);

        Snapshot.Match(summary, "job-summary");
        Assert.Contains("```mermaid", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderOverview_NoFindings_SaysSo()
    {
        var set = new ReportSet([new LabelledReport("nodes-100", new CheckReport { Schema = CheckReport.SchemaV1, Passed = true }, null, null)]);

        var text = MarkdownRenderer.RenderOverview(set, null);

        Assert.Contains("✅ Gate: DaemonSet cost check passed", text, StringComparison.Ordinal);
        Assert.Contains("No findings.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderOverview_ManyFindings_ListsFiftyAndCountsTheRest()
    {
        var set = new ReportSet([new LabelledReport("n", TestData.Generated(70), null, null)]);

        var text = MarkdownRenderer.RenderOverview(set, TestData.Context());

        Assert.Contains("…and 20 more findings", text, StringComparison.Ordinal);
        Assert.Equal(50, text.Split('\n').Count(l => l.StartsWith("| 🛑", StringComparison.Ordinal) || l.StartsWith("| ⚠️", StringComparison.Ordinal)));
    }

    [Fact]
    public void RenderComment_HugeMarkdown_StaysUnderTheCommentLimitAndClosesItsFence()
    {
        var markdown = "```mermaid\n" + string.Concat(Enumerable.Repeat("line of a very long report 0123456789\n", 5000)) + "```\n";
        var set = new ReportSet([new LabelledReport("nodes-15000", TestData.Generated(3), markdown, null)]);

        var body = MarkdownRenderer.RenderComment(set, TestData.Context(), MarkdownRenderer.Marker(null), null);

        Assert.True(body.Length <= MarkdownRenderer.MaxCommentChars, $"{body.Length} chars");
        Assert.Equal(0, body.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
        Assert.Contains("see the job summary", body, StringComparison.Ordinal);
        Assert.EndsWith("updated on every run</sub>\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderCheckRunText_HugeMarkdown_StaysUnderTheCheckRunLimit()
    {
        var markdown = string.Concat(Enumerable.Repeat("| row | of | a | big | table |\n", 8000));
        var set = new ReportSet([new LabelledReport("a", TestData.Generated(1), markdown, null), new LabelledReport("b", TestData.Generated(1), markdown, null)]);

        var text = MarkdownRenderer.RenderCheckRunText(set, CheckRunPlan.MaxOutputChars);

        Assert.InRange(text.Length, 60_000, CheckRunPlan.MaxOutputChars);
        Assert.EndsWith("the job summary has the full report._", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "<!-- gate-report:default -->")]
    [InlineData("", "<!-- gate-report:default -->")]
    [InlineData("large-5000", "<!-- gate-report:large-5000 -->")]
    [InlineData("x --> <script>", "<!-- gate-report:x--script -->")]
    public void Marker_Key_IsSanitised(string? key, string expected) => Assert.Equal(expected, MarkdownRenderer.Marker(key));

    [Fact]
    public void Cell_PipesNewlinesAndHtml_AreNeutralised() =>
        Assert.Equal("a \\| b c &lt;img&gt; &amp;", MarkdownRenderer.Cell("a | b\nc <img> &"));

    private static List<int> AllIndexes(string text, string value)
    {
        var result = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            result.Add(i);
        }

        return result;
    }
}
