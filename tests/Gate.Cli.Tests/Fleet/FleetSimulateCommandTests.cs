using System.Text.Json;
using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Fleet;

public class FleetSimulateCommandTests
{
    private const string Inventory = "examples/node-inventory-agent";

    [Fact]
    public async Task SimulateFleet_AgentBreakingAtThousandNodes_PromotedAtHundredRolledBackAtStageOneNeverStartsFiveThousand()
    {
        var result = await RunAsync("simulate", Inventory, "--fleet", "100,1000,5000", "--format", "json");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        Assert.Equal("gate.fleet-simulation/v1", doc.RootElement.GetProperty("schema").GetString());
        var workload = Assert.Single(doc.RootElement.GetProperty("workloads").EnumerateArray());
        Assert.Equal("node-inventory", workload.GetProperty("name").GetString());
        var waves = workload.GetProperty("waves").EnumerateArray().ToList();
        Assert.Equal([100, 1000, 5000], waves.Select(w => w.GetProperty("nodes").GetInt32()));
        Assert.Equal(["promoted", "rolled-back", "not-started"], waves.Select(w => w.GetProperty("outcome").GetString()));
        Assert.Equal(JsonValueKind.Null, waves[0].GetProperty("detectedAtStage").ValueKind);
        Assert.Equal(100, waves[0].GetProperty("maxNodesOnNewRevision").GetInt32());
        Assert.Equal(1, waves[1].GetProperty("detectedAtStage").GetInt32());
        Assert.Equal(1, waves[1].GetProperty("maxNodesOnNewRevision").GetInt32());
        Assert.Equal(JsonValueKind.Null, waves[2].GetProperty("maxNodesOnNewRevision").ValueKind);
        Snapshot.Match(result.Output, "node-inventory.json");
    }

    [Fact]
    public async Task SimulateFleet_SizesOutOfOrder_RunsSmallestFirstAsTable()
    {
        var result = await RunAsync("simulate", Inventory, "--fleet", "5000,100,1000");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        var rows = result.Output.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.StartsWith("  1     100    promoted", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("  3     5,000  not-started", rows[3], StringComparison.Ordinal);
        Snapshot.Match(result.Output, "node-inventory.table");
    }

    [Fact]
    public async Task SimulateFleet_SafeAgent_EveryWavePromotedExitsZero()
    {
        var result = await RunAsync("simulate", "examples/otel-agent-fixed", "--fleet", "100,1000", "--format", "markdown");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Contains("Every wave promoted.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-started", result.Output, StringComparison.Ordinal);
        Snapshot.Match(result.Output, "otel-agent-fixed.markdown");
    }

    [Fact]
    public async Task SimulateFleet_AgentBreakingAtHundred_StopsAtFirstWave()
    {
        var result = await RunAsync("simulate", "examples/otel-agent-quadratic", "--fleet", "100,1000", "--format", "json");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        var waves = doc.RootElement.GetProperty("workloads")[0].GetProperty("waves").EnumerateArray().ToList();
        Assert.Equal(["rolled-back", "not-started"], waves.Select(w => w.GetProperty("outcome").GetString()));
    }

    [Theory]
    [InlineData("100,,1000")]
    [InlineData("100,abc")]
    [InlineData("0,100")]
    [InlineData("1,2,3,4,5,6,7,8,9,10,11")]
    public async Task SimulateFleet_BadSizes_ExitsTwoWithOneLine(string sizes)
    {
        var result = await RunAsync("simulate", Inventory, "--fleet", sizes);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("--fleet", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nodes", "1000")]
    [InlineData("--without-gate", null)]
    public async Task SimulateFleet_WithNodesOrWithoutGate_ExitsTwo(string option, string? value)
    {
        string[] args = ["simulate", Inventory, "--fleet", "100,1000", option];
        var result = await RunAsync(value is null ? args : [.. args, value]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--fleet cannot be combined", result.Error, StringComparison.Ordinal);
    }

    private static Task<CliResult> RunAsync(params string[] args) => InProcessGate.RunAsync(args, workingDirectory: RepoPaths.Root);
}
