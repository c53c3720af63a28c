using Gate.Core.Policies;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Reports;

public class GitHubAnnotationTests
{
    [Theory]
    [InlineData("50% of\r\nseats", "50%25 of%0D%0Aseats")]
    [InlineData("plain", "plain")]
    public void EscapeData_SpecialCharacters_Escaped(string value, string expected) =>
        Assert.Equal(expected, GitHubAnnotationWriter.EscapeData(value));

    [Fact]
    public void EscapeProperty_ColonAndComma_Escaped() =>
        Assert.Equal("a%3Ab%2Cc%25", GitHubAnnotationWriter.EscapeProperty("a:b,c%"));

    [Fact]
    public void Render_MoreThanTenPerLevel_NineAnnotationsAndSummary()
    {
        var sample = ReportSamples.FailingCheck();
        var many = Enumerable.Range(1, 14).Select(i => new Finding
        {
            RuleId = "GATE105",
            Severity = Severity.Warning,
            Message = $"finding {i}",
            Workload = "monitoring/otel-agent",
        }).ToList();
        var report = sample with { Check = sample.Check! with { Findings = many } };

        var lines = GitHubAnnotationWriter.Render(report).TrimEnd().Split('\n');

        Assert.Equal(9, lines.Count(l => l.StartsWith("::warning title=", StringComparison.Ordinal)));
        Assert.Contains("::warning::5 more warning annotations not shown (GitHub shows 10 per level); see the gate report", lines);
        Assert.StartsWith("gate check passed", lines[^1], StringComparison.Ordinal);
    }
}
