using Gate.Core.Rollout;

namespace Gate.Core.Tests.Rollout;

/// <summary>
/// The write-ahead gap found by the chaos property test: the state naming a batch is written before its pods are
/// deleted, so a gate killed in between leaves a batch whose deletes never happened. The gate that resumes it must
/// delete them again instead of waiting for replacements that never come (and rolling a healthy rollout back).
/// </summary>
public sealed class RolloutDeciderResumeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly RolloutPlan Plan = new()
    {
        Intent = RolloutIntent.Resume,
        Holder = "gate-b",
        MaxConcurrentStarts = 2,
        Timings = new RolloutTimings { RollbackBatchSize = 2 },
    };

    private static RolloutState Batch(RolloutPhase phase, string owner) => new()
    {
        RunId = "r",
        Phase = phase,
        Target = "image agent:2",
        StageTargets = [2, 4],
        PreviousRevision = new RevisionRef("agent-old", "old", 1),
        NewRevision = new RevisionRef("agent-new", "new", 2),
        OriginalStrategy = new UpdateStrategySpec("RollingUpdate", "1"),
        Pending = ["n0", "n1"],
        PendingPods = ["p0", "p1"],
        PendingBy = owner,
        BatchStartedAt = T0,
        RollbackKind = phase == RolloutPhase.RollingBack ? RolloutOutcomeKind.RolledBack : null,
    };

    private static RolloutObservation Seen(string actor, params AgentPod[] newPods) => new()
    {
        Now = T0 + TimeSpan.FromSeconds(5),
        Actor = actor,
        DaemonSet = new DaemonSetSnapshot { ResourceVersion = "7", Strategy = UpdateStrategySpec.OnDelete, DesiredNumberScheduled = 4 },
        Revisions = [new RevisionInfo("agent-old", 1, "old"), new RevisionInfo("agent-new", 2, "new")],
        NewPods = newPods,
    };

    [Fact]
    public void Decide_BatchOfAnotherGateRunWithoutReplacements_DeletesItsPodsAgainAndOwnsIt()
    {
        var decision = RolloutDecider.Decide(Batch(RolloutPhase.Updating, "gate-a@1"), Seen("gate-b@2"), Plan);

        var delete = Assert.IsType<DeletePodsAction>(decision.Action);
        Assert.Equal(["p0", "p1"], delete.Pods);
        Assert.Equal("gate-b@2", decision.State.PendingBy);
        Assert.Equal(["n0", "n1"], decision.State.Pending);
    }

    [Fact]
    public void Decide_OwnBatchWaitingForReplacements_WaitsWithoutDeletingAgain()
    {
        var decision = RolloutDecider.Decide(Batch(RolloutPhase.Updating, "gate-b@2"), Seen("gate-b@2"), Plan);

        Assert.IsType<WaitAction>(decision.Action);
    }

    [Fact]
    public void Decide_BatchOfAnotherRunAlreadyReplaced_WaitsForReadiness()
    {
        var decision = RolloutDecider.Decide(
            Batch(RolloutPhase.Updating, "gate-a@1"),
            Seen("gate-b@2", new AgentPod("q0", "n0", "new", Ready: false, 0), new AgentPod("q1", "n1", "new", Ready: false, 0)),
            Plan);

        Assert.IsType<WaitAction>(decision.Action);
        Assert.Equal("gate-a@1", decision.State.PendingBy);
    }

    [Fact]
    public void Decide_RollbackBatchOfAnotherRunStillOnNewRevision_DeletesThoseNewPodsAgain()
    {
        var decision = RolloutDecider.Decide(
            Batch(RolloutPhase.RollingBack, "gate-a@1"),
            Seen("gate-b@2", new AgentPod("q0", "n0", "new", Ready: true, 0), new AgentPod("q3", "n3", "new", Ready: true, 0)) with
            {
                // the previous template is restored already: its revision is the highest again
                Revisions = [new RevisionInfo("agent-new", 2, "new"), new RevisionInfo("agent-old", 3, "old")],
            },
            Plan);

        var delete = Assert.IsType<DeletePodsAction>(decision.Action);
        Assert.Equal(["q0"], delete.Pods);
        Assert.Equal("gate-b@2", decision.State.PendingBy);
    }

    [Fact]
    public void Decide_NewBatch_RecordsItsPodsAndOwner()
    {
        var state = Batch(RolloutPhase.Updating, "gate-a@1") with { Pending = [], PendingPods = [], PendingBy = null };
        var observation = Seen("gate-b@2") with
        {
            AllPods = [new AgentPod("p0", "n0", "old", true, 0), new AgentPod("p1", "n1", "old", true, 0), new AgentPod("p2", "n2", "old", true, 0)],
            Nodes = [new NodeInfo("n0", "a", true), new NodeInfo("n1", "b", true), new NodeInfo("n2", "a", true)],
        };

        var decision = RolloutDecider.Decide(state, observation, Plan);

        var delete = Assert.IsType<DeletePodsAction>(decision.Action);
        Assert.Equal(delete.Pods, decision.State.PendingPods);
        Assert.Equal("gate-b@2", decision.State.PendingBy);
    }
}
