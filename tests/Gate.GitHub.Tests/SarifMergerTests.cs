using System.Text.Json.Nodes;
using Gate.Core;

namespace Gate.GitHub.Tests;

public class SarifMergerTests
{
    [Fact]
    public void Write_OneInput_CopiesItByteForByte()
    {
        using var dir = new TempDir();
        var output = dir.File("out/gate.sarif");

        SarifMerger.Write([TestData.Fixture("nodes-500.sarif")], output);

        Assert.Equal(File.ReadAllBytes(TestData.Fixture("nodes-500.sarif")), File.ReadAllBytes(output));
    }

    [Fact]
    public void Write_TwoSizes_JoinsOneRunWithUnitedRulesAndDistinctResults()
    {
        using var dir = new TempDir();
        var output = dir.File("gate.sarif");

        SarifMerger.Write([TestData.Fixture("nodes-500.sarif"), TestData.Fixture("nodes-5000.sarif")], output);

        var log = JsonNode.Parse(File.ReadAllText(output))!;
        var run = Assert.Single(log["runs"]!.AsArray())!;
        Assert.Equal(["GATE104", "GATE101"], run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => (string?)r!["id"]));
        var results = run["results"]!.AsArray();
        Assert.Equal(["GATE104", "GATE101"], results.Select(r => (string?)r!["ruleId"]));
        Assert.All(results, r => Assert.Null(r!["ruleIndex"]));
        Assert.Equal("2.1.0", (string?)log["version"]);
    }

    [Fact]
    public void Merge_InvalidJson_ThrowsPositionedUsageError()
    {
        var ex = Assert.Throws<GateUsageException>(() => SarifMerger.Merge([("a.sarif", "{\"runs\":[]}"), ("b.sarif", "{\n oops")]));

        Assert.Equal("b.sarif", ex.Position!.File);
    }
}
