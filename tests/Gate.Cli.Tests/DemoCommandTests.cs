using Gate.Cli.Commands.Simulate;
using Gate.Core.Rollout;
using Gate.Core;
using Gate.Simulation.Scenarios;
using Gate.Testing;

namespace Gate.Cli.Tests;

public class DemoCommandTests
{
    private static readonly Lazy<DemoResult> Demo = new(() => DemoResult.Run());

    [Fact]
    public async Task Demo_Json_CaughtAtStageOneFixPromotedAndMatchesSnapshot()
    {
        var result = await GateRun.RunAsync("demo", "--format", "json");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Contains("\"schema\": \"gate.simulation/v1\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"detectedAtStage\": 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"fixed\": {\n    \"outcome\": \"promoted\"", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Snapshot.Match(result.Output, "demo-json");
    }

    [Fact]
    public void DemoRenderer_FixedAgent_PromotedToEveryNodeWithoutHarm()
    {
        var demo = Demo.Value;

        Assert.True(demo.AsExpected);
        Assert.Equal(RolloutOutcomeKind.Promoted, demo.Fixed.Outcome);
        Assert.Equal(demo.Nodes, demo.Fixed.FinalNodesOnNewRevision);
        Assert.All(demo.Fixed.Analyses, a => Assert.Equal(StageVerdictKind.Healthy, a.Outcome));
        Assert.Equal(0, demo.Fixed.Rejections);
    }

    [Theory]
    [InlineData(false, "demo-table")]
    [InlineData(true, "demo-markdown")]
    public void DemoRenderer_Text_MatchesSnapshot(bool markdown, string name)
    {
        var text = DemoRenderer.ToText(Demo.Value, markdown);

        Assert.Contains("3. The fix: agent 2.1", text, StringComparison.Ordinal);
        Snapshot.Match(text, name);
    }

    [Fact]
    public void DemoRenderer_OtherControlPlaneAndAFailingSignal_TextFollowsTheRun()
    {
        var demo = Demo.Value;
        var failed = demo.WithGate.Analyses[0];
        var lines = failed.Lines.Select(l => l.StartsWith("apiserver-request-p99:", StringComparison.Ordinal) ? "apiserver-request-p99: fail — 2 s > 1 s" : l).ToList();
        var changed = demo with
        {
            Seed = 7,
            Profile = demo.Profile with { ApiServer = demo.Profile.ApiServer with { Replicas = 2, Cores = 16, MemoryBytesPerReplica = 32.0 * 1024 * 1024 * 1024 } },
            WithGate = demo.WithGate with { Analyses = [failed with { Lines = lines }, .. demo.WithGate.Analyses.Skip(1)] },
        };

        var text = DemoRenderer.ToText(changed, markdown: false);

        Assert.Contains("Control plane: 2 kube-apiserver replicas (8 cores, 32 GiB each), default APF; simulated time, seed 7.", text, StringComparison.Ordinal);
        Assert.Contains("Health signals failed (apiserver-request-p99) at 1 node; the projection", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Every health signal stayed green", text, StringComparison.Ordinal);
    }
}
