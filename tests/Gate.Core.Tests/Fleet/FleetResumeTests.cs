using Gate.Core.Fleet;
using Gate.Core.Rollout;

namespace Gate.Core.Tests.Fleet;

public class FleetResumeTests
{
    private const string Target = "image agent:2.0";

    [Fact]
    public void OutcomeOf_NoState_NotStarted()
    {
        Assert.Equal(FleetClusterOutcome.NotStarted, FleetResume.OutcomeOf(null, Target));
    }

    [Theory]
    [InlineData(RolloutPhase.Preparing)]
    [InlineData(RolloutPhase.Baking)]
    [InlineData(RolloutPhase.RollingBack)]
    public void OutcomeOf_RolloutInProgress_Running(RolloutPhase phase)
    {
        Assert.Equal(FleetClusterOutcome.Running, FleetResume.OutcomeOf(State(phase, Target), Target));
    }

    [Fact]
    public void OutcomeOf_PromotedToTarget_Promoted()
    {
        Assert.Equal(FleetClusterOutcome.Promoted, FleetResume.OutcomeOf(State(RolloutPhase.Promoted, Target), Target));
    }

    [Theory]
    [InlineData(RolloutOutcomeKind.RolledBack, FleetClusterOutcome.RolledBack)]
    [InlineData(RolloutOutcomeKind.Aborted, FleetClusterOutcome.RolledBack)]
    [InlineData(RolloutOutcomeKind.Inconclusive, FleetClusterOutcome.Inconclusive)]
    public void OutcomeOf_TargetRolledBack_RecordedEnd(RolloutOutcomeKind kind, FleetClusterOutcome expected)
    {
        var state = State(RolloutPhase.RolledBack, Target) with { RollbackKind = kind };

        Assert.Equal(expected, FleetResume.OutcomeOf(state, Target));
    }

    [Theory]
    [InlineData("image agent:1.0")]
    [InlineData("rollback")]
    public void OutcomeOf_FinishedOtherTargetOrRollback_NotStarted(string recorded)
    {
        Assert.Equal(FleetClusterOutcome.NotStarted, FleetResume.OutcomeOf(State(RolloutPhase.Promoted, recorded), Target));
    }

    [Fact]
    public void Decide_RestartFindsFailureInLaterWave_StartsNothing()
    {
        FleetWave[] waves = [new(1, ["a"]), new(2, ["b"]), new(3, ["c"])];
        var outcomes = new Dictionary<string, FleetClusterOutcome>(StringComparer.Ordinal)
        {
            ["a"] = FleetClusterOutcome.NotStarted, // rolled back by an earlier rollback-all: its state is a rollback
            ["b"] = FleetClusterOutcome.RolledBack,
        };

        var stop = Assert.IsType<StopFleetStep>(FleetDecider.Decide(waves, outcomes));

        Assert.Equal(2, stop.Wave!.Number);
        Assert.Equal(["b"], stop.Failed);
    }

    [Theory]
    [InlineData(RolloutOutcomeKind.Promoted, FleetClusterOutcome.Promoted)]
    [InlineData(RolloutOutcomeKind.NoChange, FleetClusterOutcome.Promoted)]
    [InlineData(RolloutOutcomeKind.RolledBack, FleetClusterOutcome.RolledBack)]
    [InlineData(RolloutOutcomeKind.Inconclusive, FleetClusterOutcome.Inconclusive)]
    [InlineData(RolloutOutcomeKind.LeaseLost, FleetClusterOutcome.Failed)]
    public void Of_EngineOutcome_FleetOutcome(RolloutOutcomeKind kind, FleetClusterOutcome expected)
    {
        Assert.Equal(expected, FleetOutcomes.Of(kind));
    }

    private static RolloutState State(RolloutPhase phase, string target) => new() { RunId = "r1", Phase = phase, Target = target };
}
