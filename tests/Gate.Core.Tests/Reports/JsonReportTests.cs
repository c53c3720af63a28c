using System.Text.Json;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Reports;

public class JsonReportTests
{
    [Fact]
    public void Render_Check_HasDocumentedContract()
    {
        using var doc = JsonDocument.Parse(JsonReportWriter.Render(ReportSamples.FailingCheck()));
        var root = doc.RootElement;

        Assert.Equal("gate.check/v1", root.GetProperty("schema").GetString());
        Assert.False(root.GetProperty("passed").GetBoolean());
        var finding = root.GetProperty("findings")[0];
        foreach (var key in new[] { "ruleId", "severity", "message", "workload", "origin", "suppressed" })
        {
            Assert.True(finding.TryGetProperty(key, out _), key);
        }

        var origin = finding.GetProperty("origin");
        Assert.Equal("GATE102", finding.GetProperty("ruleId").GetString());
        Assert.Equal("deploy/otel/configmap.yaml", origin.GetProperty("file").GetString());
        Assert.Equal(12, origin.GetProperty("line").GetInt32());
        Assert.Equal("gate.estimate/v1", root.GetProperty("estimate").GetProperty("schema").GetString());
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("suppressed").GetBoolean());
    }

    [Fact]
    public void Render_Estimate_EveryWorkloadAndPatternHasCost()
    {
        using var doc = JsonDocument.Parse(JsonReportWriter.Render(ReportSamples.Estimate()));
        var workloads = doc.RootElement.GetProperty("workloads");

        Assert.Equal(2, workloads.GetArrayLength());
        foreach (var w in workloads.EnumerateArray())
        {
            Assert.True(w.GetProperty("cost").GetProperty("bytesPerSecond").GetDouble() > 0);
            Assert.All(w.GetProperty("patterns").EnumerateArray(), p => Assert.True(p.TryGetProperty("cost", out _)));
            Assert.Equal(4, w.GetProperty("series").GetArrayLength());
        }

        Assert.Equal(24 * 76e6 * 0.1, workloads[0].GetProperty("budget").GetProperty("bytesPerSecond").GetDouble(), 1);
    }
}
