using Gate.Core;
using Gate.Core.Agents;
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

    [Theory]
    [InlineData(30_000, "30k")]
    [InlineData(65_000, "65k")]
    [InlineData(100_000, "100k")]
    public void ForNodes_NamedLargestSize_RunsTheBuiltInProfilesControlPlane(int nodes, string name)
    {
        Assert.Equal(ClusterProfiles.Named(name).ApiServer, SimulationProfiles.ForNodes(nodes).ApiServer);
    }

    [Fact]
    public void RunWithGate_NodeInformerAgentAt15000Nodes_PromotedWithinAnHourInBatchesOfTheStartupBudget()
    {
        var profile = SimulationProfiles.ForNodes(15_000);
        // an informer of its own node's pods (LIST from the watch cache, then WATCH): the cost of one node whatever the fleet
        var ownNode = new AccessPattern { Verb = ApiVerb.Watch, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$NODE_NAME" };
        var agent = DemoAgents.NodeScoped with { AccessPatterns = [ownNode with { Verb = ApiVerb.List, ResourceVersion = "0" }, ownNode] };

        var result = ScenarioRunner.RunWithGate(profile, DemoAgents.Current, agent);

        Assert.True(result.Outcome == RolloutOutcomeKind.Promoted, result.Reason + " / " + string.Join(" | ", result.Analyses.Select(a => $"{a.Stage}:{a.Outcome}:{a.Reason}")));
        Assert.Equal(15_000, result.FinalNodesOnNewRevision);
        // default stages and 5-minute bakes: 25 minutes of bakes; batches of 250 (the DaemonSet controller's burst)
        // keep the replacements of 15,000 pods within the rest of the hour (batches of 50 took 94 minutes)
        Assert.Equal(StartupBudget.DaemonSetBurstReplicas, StartupBudget.MaxConcurrentStarts(agent, profile));
        Assert.InRange(result.DurationSeconds, 25 * 60, 60 * 60);
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
