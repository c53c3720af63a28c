using FsCheck;
using FsCheck.Fluent;
using Gate.Core;
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

    [Theory]
    [InlineData(4, 100, 25)]
    [InlineData(4, 2, 1)]
    [InlineData(0, 10, 500)]
    [InlineData(3, 0, 1)]
    public void MaxConcurrentStarts_Headroom_CapsTheBatch(double seatsPerPod, double headroom, int expected)
    {
        Assert.Equal(expected, StartupBudget.MaxConcurrentStarts(seatsPerPod, headroom));
    }
}
