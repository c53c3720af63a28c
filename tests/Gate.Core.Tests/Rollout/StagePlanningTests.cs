using FsCheck;
using FsCheck.Fluent;
using Gate.Core;
using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Rollout;

namespace Gate.Core.Tests.Rollout;

public sealed class StagePlanningTests
{
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(30, new[] { 1, 3, 15, 30 })]
    [InlineData(5000, new[] { 1, 50, 500, 2500, 5000 })]
    public void ResolveStages_DefaultStages_AreCumulativeAndEndAtEveryNode(int nodes, int[] expected)
    {
        Assert.Equal(expected, NodeOrdering.ResolveStages(StageSize.Defaults, nodes));
    }

    [Fact]
    public void ResolveStages_AnyStagesAndFleet_StrictlyIncreaseToTheFleet()
    {
        Prop.ForAll(
            Gen.Choose(1, 20000).ToArbitrary(),
            Gen.ListOf(Gen.Choose(1, 100)).ToArbitrary(),
            (nodes, percents) =>
            {
                var stages = percents.Select(p => new StageSize(p, true)).ToList();
                var counts = NodeOrdering.ResolveStages(stages, nodes);
                return counts[^1] == nodes && counts.Zip(counts.Skip(1)).All(p => p.First < p.Second);
            }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("1,1%,10%,50%,100%")]
    [InlineData(" 2 , 25% ")]
    public void Parse_ValidStages_Parses(string text)
    {
        Assert.NotEmpty(StageSize.Parse(text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("150%")]
    [InlineData("1.5")]
    [InlineData("ten")]
    public void Parse_InvalidStage_IsAUsageError(string text)
    {
        var ex = Assert.Throws<GateUsageException>(() => StageSize.Parse(text));
        Assert.Equal("use e.g. 1,1%,10%,50%,100%", ex.Hint);
    }

    [Fact]
    public void Order_Nodes_AlternatesZonesDeterministically()
    {
        var nodes = new[] { new NodeInfo("b1", "b", true), new NodeInfo("a2", "a", true), new NodeInfo("a1", "a", true), new NodeInfo("c1", "c", false) };
        var all = nodes.Select(n => n.Name).ToHashSet();

        Assert.Equal(["a1", "b1", "a2"], NodeOrdering.Order(nodes, all));
        Assert.Equal(NodeOrdering.Order(nodes, all), NodeOrdering.Order(nodes.Reverse(), all));
    }

    [Fact]
    public void MaxConcurrentStarts_NoStartupRequests_IsTheDaemonSetControllersBurst()
    {
        var quiet = new Workload { Kind = "DaemonSet", Namespace = "logging", Name = "quiet", Agent = "quiet", PatternSource = PatternSource.Catalogue, Multiplicity = Multiplicity.PerNode };

        Assert.Equal(StartupBudget.DaemonSetBurstReplicas, StartupBudget.MaxConcurrentStarts(quiet, ClusterProfiles.ForNodes(15_000)));
    }

    [Fact]
    public void MaxConcurrentStarts_ClusterWidePodListAtStartup_IsTheLargestBatchWhoseBurstFits()
    {
        var lister = new Workload
        {
            Kind = "DaemonSet",
            Namespace = "monitoring",
            Name = "lister",
            Agent = "lister",
            PatternSource = PatternSource.Declared,
            Multiplicity = Multiplicity.PerNode,
            AccessPatterns = [new AccessPattern { Verb = ApiVerb.List, Resource = "pods", Scope = PatternScope.Cluster }],
        };
        var profile = ClusterProfiles.Large;

        var batch = StartupBudget.MaxConcurrentStarts(lister, profile);

        // every pod of a 5,000-node cluster, from etcd, per starting agent: far fewer than 250 fit
        Assert.InRange(batch, 1, StartupBudget.DaemonSetBurstReplicas - 1);
        Assert.Equal(ServerOutcome.Healthy, CostModel.Assess(CostModel.At(lister, profile, batch)).StartupOutcome);
        Assert.NotEqual(ServerOutcome.Healthy, CostModel.Assess(CostModel.At(lister, profile, batch + 1)).StartupOutcome);
    }
}
