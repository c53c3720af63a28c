using System.Text.Json;
using Gate.Core.Reports;
using Json.Schema;

namespace Gate.Core.Tests.Reports;

public class SarifSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Reports", "TestData", "sarif-schema-2.1.0.json");
        // The OASIS file declares draft-04; its keywords mean the same in draft-07, which JsonSchema.Net evaluates.
        var text = File.ReadAllText(path)
            .Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal)
            .Replace("\"id\": \"https://docs.oasis-open.org", "\"$id\": \"https://docs.oasis-open.org", StringComparison.Ordinal);
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    });

    public static TheoryData<string> Samples() => [.. ReportSamples.All().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Render_Sample_ValidAgainstSarif210Schema(string sample)
    {
        var report = ReportSamples.All().Single(s => s.Name == sample).Report;
        using var doc = JsonDocument.Parse(SarifReportWriter.Render(report));

        var result = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    [Fact]
    public void Schema_InvalidLog_IsRejected()
    {
        using var doc = JsonDocument.Parse("""{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[{"level":"fatal","message":{"text":"x"}}]}]}""");

        Assert.False(Schema.Value.Evaluate(doc.RootElement).IsValid);
    }

    [Fact]
    public void Render_FailingCheck_ResultsPointAtConfigLinesWithRuleHelp()
    {
        using var doc = JsonDocument.Parse(SarifReportWriter.Render(ReportSamples.FailingCheck()));
        var run = doc.RootElement.GetProperty("runs")[0];

        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.All(rules.EnumerateArray(), r => Assert.EndsWith($"docs/rules/{r.GetProperty("id").GetString()}.md", r.GetProperty("helpUri").GetString(), StringComparison.Ordinal));
        var bytes = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "GATE102");
        var location = bytes.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("deploy/otel/configmap.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(12, location.GetProperty("region").GetProperty("startLine").GetInt32());
        var suppressed = run.GetProperty("results").EnumerateArray().Single(r => r.TryGetProperty("suppressions", out _));
        Assert.Equal("inSource", suppressed.GetProperty("suppressions")[0].GetProperty("kind").GetString());
    }
}
