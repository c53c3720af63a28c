using System.Text.Json;
using Gate.Cli.Tests.Estimate;
using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Simulate;

public class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_ClusterWideListerWithGate_RolledBackAtStageOne()
    {
        var result = await CorpusRun.RunAsync("simulate", "custom-poller-declared", "--nodes", "1000", "--with-gate", "--format", "json");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        var workload = Assert.Single(doc.RootElement.GetProperty("workloads").EnumerateArray());
        var withGate = workload.GetProperty("withGate");
        Assert.Equal("rolled-back", withGate.GetProperty("outcome").GetString());
        Assert.Equal(1, withGate.GetProperty("detectedAtStage").GetInt32());
        Assert.Equal(1, withGate.GetProperty("maxNodesOnNewRevision").GetInt32());
        Assert.Equal(JsonValueKind.Null, workload.GetProperty("withoutGate").ValueKind);
        Snapshot.Match(result.Output, "custom-poller-declared.1000.with-gate.json");
    }

    [Fact]
    public async Task Simulate_ClusterWideListerWithoutGate_ShedsLoadAndExitsOne()
    {
        var result = await CorpusRun.RunAsync("simulate", "custom-poller-declared", "--nodes", "1000", "--without-gate");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.Contains("Without Gate (started on all 1,000 nodes at once", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("With Gate (", result.Output, StringComparison.Ordinal);
        Snapshot.Match(result.Output, "custom-poller-declared.1000.without-gate.table");
    }

    [Fact]
    public async Task Simulate_NodeScopedAgent_PromotedAndHealthyExitsZero()
    {
        var result = await CorpusRun.RunAsync("simulate", "promtail-sd-node-selector", "--nodes", "100", "--format", "markdown");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Contains("With Gate (gate rollout: stages 1 node, 1%, 10%, 50%, 100%; bake 5m): PROMOTED", result.Output, StringComparison.Ordinal);
        Assert.Contains("): HEALTHY", result.Output, StringComparison.Ordinal);
        Snapshot.Match(result.Output, "promtail-sd-node-selector.100.markdown");
    }

    [Fact]
    public async Task Simulate_SameSeed_SameOutput_OtherSeedDiffers()
    {
        string[] args = ["simulate", "custom-poller-declared", "--nodes", "300", "--without-gate", "--format", "json"];
        var first = await CorpusRun.RunAsync([.. args, "--seed", "7"]);
        var second = await CorpusRun.RunAsync([.. args, "--seed", "7"]);
        var other = await CorpusRun.RunAsync([.. args, "--seed", "8"]);

        Assert.Equal(first.Output, second.Output);
        Assert.Contains("\"seed\": 7", first.Output, StringComparison.Ordinal);
        Assert.NotEqual(first.Output.Replace("\"seed\": 7", string.Empty, StringComparison.Ordinal), other.Output.Replace("\"seed\": 8", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simulate_MissingPath_ExitsTwoWithOneLine()
    {
        var result = await CorpusRun.RunAsync("simulate", "no-such-folder", "--nodes", "100");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("no-such-folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_NoWorkload_ExitsTwo()
    {
        var result = await CorpusRun.RunAsync("simulate", "node-exporter/configmap.yaml", "--nodes", "100");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no DaemonSet or Deployment found in node-exporter/configmap.yaml", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_BadYaml_ExitsTwoWithPosition()
    {
        var result = await GateRun.RunWithInputAsync("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: [unclosed\n", "simulate", "-", "--nodes", "100");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Matches(@"^error: -:\d+:\d+: ", result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--nodes", "0")]
    [InlineData("--format", "sarif")]
    public async Task Simulate_BadOption_ExitsTwo(string option, string value)
    {
        var result = await CorpusRun.RunAsync("simulate", "node-exporter", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
    }
}
