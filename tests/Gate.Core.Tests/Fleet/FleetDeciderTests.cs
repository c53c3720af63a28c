using Gate.Core.Fleet;

namespace Gate.Core.Tests.Fleet;

public class FleetDeciderTests
{
    private static readonly FleetWave[] Waves =
    [
        new(1, ["small"]),
        new(2, ["medium-a", "medium-b"]),
        new(3, ["large"], PauseBefore: true),
    ];

    [Fact]
    public void Decide_NothingStarted_StartsFirstWave()
    {
        var step = FleetDecider.Decide(Waves, Outcomes());

        var start = Assert.IsType<StartWaveStep>(step);
        Assert.Equal(1, start.Wave!.Number);
        Assert.Equal(["small"], start.Clusters);
    }

    [Fact]
    public void Decide_FirstWavePromoted_StartsBothClustersOfSecond()
    {
        var step = FleetDecider.Decide(Waves, Outcomes(("small", FleetClusterOutcome.Promoted)));

        Assert.Equal(["medium-a", "medium-b"], Assert.IsType<StartWaveStep>(step).Clusters);
    }

    [Fact]
    public void Decide_ClusterOfWaveRunning_Waits()
    {
        var step = FleetDecider.Decide(Waves, Outcomes(("small", FleetClusterOutcome.Promoted), ("medium-a", FleetClusterOutcome.Promoted), ("medium-b", FleetClusterOutcome.Running)));

        Assert.Equal(["medium-b"], Assert.IsType<WaitForWaveStep>(step).Running);
    }

    [Fact]
    public void Decide_FailureWhileOtherClusterOfWaveRuns_WaitsForItBeforeStopping()
    {
        var step = FleetDecider.Decide(Waves, Outcomes(("small", FleetClusterOutcome.Promoted), ("medium-a", FleetClusterOutcome.RolledBack), ("medium-b", FleetClusterOutcome.Running)));

        Assert.IsType<WaitForWaveStep>(step);
    }

    [Theory]
    [InlineData(FleetClusterOutcome.RolledBack)]
    [InlineData(FleetClusterOutcome.Inconclusive)]
    [InlineData(FleetClusterOutcome.Refused)]
    [InlineData(FleetClusterOutcome.Failed)]
    public void Decide_ClusterFailed_StopsAndLeavesPromotedClusters(FleetClusterOutcome failure)
    {
        var step = FleetDecider.Decide(Waves, Outcomes(("small", FleetClusterOutcome.Promoted), ("medium-a", failure), ("medium-b", FleetClusterOutcome.Promoted)));

        var stop = Assert.IsType<StopFleetStep>(step);
        Assert.Equal(2, stop.Wave!.Number);
        Assert.Equal(["medium-a"], stop.Failed);
        Assert.Empty(stop.RollBack);
    }

    [Fact]
    public void Decide_ClusterFailedWithRollbackAll_RollsBackEveryPromotedCluster()
    {
        var step = FleetDecider.Decide(
            Waves,
            Outcomes(("small", FleetClusterOutcome.Promoted), ("medium-a", FleetClusterOutcome.RolledBack), ("medium-b", FleetClusterOutcome.Promoted)),
            FleetFailurePolicy.RollbackAll);

        Assert.Equal(["small", "medium-b"], Assert.IsType<StopFleetStep>(step).RollBack);
    }

    [Fact]
    public void Decide_RollbackAllDone_StopsWithNothingLeftToRollBack()
    {
        var step = FleetDecider.Decide(
            Waves,
            Outcomes(("small", FleetClusterOutcome.RolledBackByFleet), ("medium-a", FleetClusterOutcome.RolledBack), ("medium-b", FleetClusterOutcome.RolledBackByFleet)),
            FleetFailurePolicy.RollbackAll);

        Assert.Empty(Assert.IsType<StopFleetStep>(step).RollBack);
    }

    [Fact]
    public void Decide_PausedWaveNotApproved_AwaitsApproval()
    {
        var step = FleetDecider.Decide(Waves, Promoted("small", "medium-a", "medium-b"), approvedWave: 2);

        Assert.Equal(3, Assert.IsType<AwaitApprovalStep>(step).Wave!.Number);
    }

    [Fact]
    public void Decide_PausedWaveApproved_StartsIt()
    {
        var step = FleetDecider.Decide(Waves, Promoted("small", "medium-a", "medium-b"), approvedWave: 3);

        Assert.Equal(["large"], Assert.IsType<StartWaveStep>(step).Clusters);
    }

    [Fact]
    public void Decide_EveryWavePromoted_Finished()
    {
        var step = FleetDecider.Decide(Waves, Promoted("small", "medium-a", "medium-b", "large"));

        Assert.IsType<FleetFinishedStep>(step);
    }

    private static Dictionary<string, FleetClusterOutcome> Promoted(params string[] clusters) =>
        clusters.ToDictionary(c => c, _ => FleetClusterOutcome.Promoted, StringComparer.Ordinal);

    private static Dictionary<string, FleetClusterOutcome> Outcomes(params (string Cluster, FleetClusterOutcome Outcome)[] outcomes) =>
        outcomes.ToDictionary(o => o.Cluster, o => o.Outcome, StringComparer.Ordinal);
}
