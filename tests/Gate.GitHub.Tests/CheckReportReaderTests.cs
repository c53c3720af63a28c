using System.Text.Json;
using Gate.Core;
using Gate.GitHub.Reports;

namespace Gate.GitHub.Tests;

public class CheckReportReaderTests
{
    [Fact]
    public void Load_Fixture_ReadsFindingsMarkdownAndSarifBesideIt()
    {
        var run = CheckReportReader.Load(TestData.Fixture("nodes-5000.json"), "nodes-5000.json");

        Assert.Equal("nodes-5000", run.Label);
        Assert.False(run.Report.Passed);
        Assert.Equal(4, run.Report.Findings.Count);
        Assert.Equal(new FindingOrigin { File = "deploy/otel-agent/configmap.yaml", Line = 18, Column = 9 }, run.Report.Findings[0].Origin);
        Assert.Null(run.Report.Findings[3].Origin);
        Assert.StartsWith("## Gate check: failed", run.Markdown, StringComparison.Ordinal);
        Assert.EndsWith("nodes-5000.sarif", run.SarifPath, StringComparison.Ordinal);
        Assert.Equal("1799", run.MaxSafe.ToString());
    }

    [Fact]
    public void Parse_MalformedJson_ThrowsUsageErrorAtTheLine()
    {
        var ex = Assert.Throws<GateUsageException>(() => CheckReportReader.Parse("{\n  \"schema\": \"gate.check/v1\",\n  \"passed\": tru\n}", "check.json"));

        Assert.Equal(3, ex.Position!.Line);
        Assert.StartsWith("check.json:3:", ex.ToUserLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherSchema_ThrowsUsageError()
    {
        var ex = Assert.Throws<GateUsageException>(() => CheckReportReader.Parse("{\"schema\":\"gate.estimate/v1\",\"passed\":true}", "e.json"));

        Assert.Contains("unsupported report schema 'gate.estimate/v1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsUsageError() =>
        Assert.Throws<GateUsageException>(() => CheckReportReader.Load("/nonexistent/check.json", "check.json"));

    [Theory]
    [InlineData("{\"workloads\":[{\"breakEvenNodes\":1800},{\"breakEvenNodes\":900}]}", "899")]
    [InlineData("{\"workloads\":[{\"breakEvenNodes\":null}]}", "unbounded")]
    [InlineData("{\"maxSafeNodes\":4200,\"workloads\":[{\"breakEvenNodes\":10}]}", "4200")]
    [InlineData("{\"nodes\":500}", "unknown")]
    public void MaxSafeNodes_FromEstimate_ReadsTheMostRestrictive(string estimate, string expected)
    {
        using var document = JsonDocument.Parse(estimate);

        Assert.Equal(expected, MaxSafeNodes.From(document.RootElement.Clone()).ToString());
    }

    [Fact]
    public void MaxSafeNodes_Min_UnknownBeatsUnboundedAndNumbersBeatBoth()
    {
        Assert.Equal("unknown", MaxSafeNodes.Min([MaxSafeNodes.Unbounded, MaxSafeNodes.Unknown]).ToString());
        Assert.Equal("unbounded", MaxSafeNodes.Min([MaxSafeNodes.Unbounded, MaxSafeNodes.Unbounded]).ToString());
        Assert.Equal("7", MaxSafeNodes.Min([MaxSafeNodes.Unknown, new MaxSafeNodes(9, true), new MaxSafeNodes(7, true)]).ToString());
    }
}
