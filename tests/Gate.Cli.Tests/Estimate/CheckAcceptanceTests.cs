using System.Text.Json;
using Gate.Core;

namespace Gate.Cli.Tests.Estimate;

/// <summary>The acceptance bar of issue 6: gate check flags exactly the cases and sizes labels.json marks expected_flag.</summary>
public class CheckAcceptanceTests
{
    public static TheoryData<string, int, bool> Labels()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var (name, nodes, flag) in CorpusRun.Labels())
        {
            data.Add(name, nodes, flag);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public async Task Check_CorpusCaseAtLabelledSize_ExitsOneExactlyWhenFlagged(string name, int nodes, bool expectedFlag)
    {
        var result = await CorpusRun.RunAsync("check", name, "--nodes", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");

        Assert.Equal(expectedFlag ? ExitCodes.PolicyViolation : ExitCodes.Pass, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        var root = doc.RootElement;
        Assert.Equal("gate.check/v1", root.GetProperty("schema").GetString());
        Assert.Equal(!expectedFlag, root.GetProperty("passed").GetBoolean());
        var errors = root.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("severity").GetString() == "error" && !f.GetProperty("suppressed").GetBoolean());
        Assert.Equal(expectedFlag, errors > 0);
        Assert.All(root.GetProperty("findings").EnumerateArray(), f => Assert.False(f.GetProperty("origin").ValueKind == JsonValueKind.Null));
    }

    [Fact]
    public void Labels_CoverEveryCorpusCaseAndSize()
    {
        var labels = CorpusRun.Labels().ToList();

        Assert.True(labels.Count >= 48, $"only {labels.Count} labelled case sizes");
        Assert.Contains(labels, l => l.Flag);
        Assert.Contains(labels, l => !l.Flag);
    }
}
