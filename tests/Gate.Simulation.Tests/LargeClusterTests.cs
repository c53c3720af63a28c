using Gate.Core;
using Gate.Core.Cost;
using Gate.Core.Rollout;
using Gate.Simulation.Scenarios;

namespace Gate.Simulation.Tests;

public class LargeClusterTests
{
    [Fact]
    public void RunWithGate_SimulatedTimeLimitReached_InconclusiveWithTimelineNotAnException()
    {
        var result = ScenarioRunner.RunWithGate(SimulationProfiles.ForNodes(300), DemoAgents.Current, DemoAgents.NodeScoped, maxSeconds: 600);

        Assert.Equal(RolloutOutcomeKind.Inconclusive, result.Outcome);
        Assert.Equal(ExitCodes.Inconclusive, ExitCodesOf(result));
        Assert.StartsWith("the simulated-time limit of 10 simulated minutes was reached at stage ", result.Reason, StringComparison.Ordinal);
        Assert.Contains(result.Timeline, t => t.Message.StartsWith("gate: ", StringComparison.Ordinal));
        Assert.Contains(result.Timeline, t => t.Message.StartsWith("simulation stopped: ", StringComparison.Ordinal));
        Assert.InRange(result.DurationSeconds, 600, 660);
    }

    [Theory]
    [InlineData(15_001)]
    [InlineData(30_000)]
    [InlineData(65_000)]
    [InlineData(100_000)]
    public void ForNodes_PastTheManagedTier_IdleReplicaHoldsTheClusterWithRoomToServe(int nodes)
    {
        var profile = SimulationProfiles.ForNodes(nodes);

        Assert.InRange(CostCalibration.IdleMemoryBytes(profile), 0, 0.75 * profile.ApiServer.MemoryBytesPerReplica);
    }

    [Fact]
    public void RunWithGate_100000Nodes_ApiServerReachableAndGateActs()
    {
        var result = ScenarioRunner.RunWithGate(SimulationProfiles.ForNodes(100_000), DemoAgents.Current, DemoAgents.NodeScoped, maxSeconds: 300);

        Assert.Equal(RolloutOutcomeKind.Inconclusive, result.Outcome);
        Assert.Equal(0, result.OomKills);
        Assert.DoesNotContain(result.Timeline, t => t.Kind is "oom" or "all-down");
        Assert.Contains(result.Timeline, t => t.Message.Contains("stage 1", StringComparison.Ordinal));
    }

    private static int ExitCodesOf(WithGateResult result) => new RolloutOutcome(result.Outcome, result.Reason, null).ExitCode;
}
