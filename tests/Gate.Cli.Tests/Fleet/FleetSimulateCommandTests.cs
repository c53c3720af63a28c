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
    public async Task SimulateFleet_Html_ChartsPerStartedWaveRollbackMarkedAndFiguresEqualTheJson()
    {
        var page = Path.Combine(Path.GetTempPath(), $"gate-fleet-{Guid.NewGuid():N}.html");
        try
        {
            var result = await RunAsync("simulate", Inventory, "--fleet", "100,1000,5000", "--format", "html", "--output", page);
            var json = await RunAsync("simulate", Inventory, "--fleet", "100,1000,5000", "--format", "json");

            Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
            Assert.Equal(string.Empty, result.Output);
            var html = await File.ReadAllTextAsync(page);
            Assert.InRange(html.Length, 1, 1_000_000);
            Assert.Contains("id=\"workload-1-wave-1\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"workload-1-wave-2\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"workload-1-wave-3\"", html, StringComparison.Ordinal);
            Assert.Contains("wave 3 (5,000 nodes) did not start", html, StringComparison.Ordinal);
            // the 1,000-node wave: the rollback is marked on its charts, none on the promoted 100-node wave's
            var wave2 = html[html.IndexOf("id=\"workload-1-wave-2\"", StringComparison.Ordinal)..];
            var wave1 = html[html.IndexOf("id=\"workload-1-wave-1\"", StringComparison.Ordinal)..html.IndexOf("id=\"workload-1-wave-2\"", StringComparison.Ordinal)];
            Assert.Contains("data-marker=\"rollback\"", wave2, StringComparison.Ordinal);
            Assert.DoesNotContain("data-marker=\"rollback\"", wave1, StringComparison.Ordinal);
            // every keyed figure on the page is the value at that key of the JSON report
            using var doc = JsonDocument.Parse(json.Output);
            var waves = doc.RootElement.GetProperty("workloads")[0].GetProperty("waves");
            foreach (var (wave, property) in new[] { (0, "outcome"), (1, "outcome"), (1, "detectedAtStage"), (1, "maxNodesOnNewRevision") })
            {
                var value = waves[wave].GetProperty("run").GetProperty(property).GetRawText();
                Assert.Contains($"data-key=\"workloads[0].waves[{wave}].run.{property}\" data-value=\"{System.Net.WebUtility.HtmlEncode(value)}\"", html, StringComparison.Ordinal);
            }

            Snapshot.Match(html, "node-inventory.html");
        }
        finally
        {
            File.Delete(page);
        }
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
