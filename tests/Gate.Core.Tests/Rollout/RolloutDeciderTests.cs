using Gate.Core;
using Gate.Core.Rollout;

namespace Gate.Core.Tests.Rollout;

public sealed class RolloutDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RevisionInfo Old = new("agent-old", 1, "old");
    private static readonly RevisionInfo New = new("agent-new", 2, "new");
    private static readonly UpdateStrategySpec Rolling = new("RollingUpdate", "1");

    private static RolloutPlan Plan(int maxStarts = 50) => new()
    {
        Intent = RolloutIntent.Rollout,
        Target = new TemplateChange { Image = "agent:2" },
        Holder = "test",
        MaxConcurrentStarts = maxStarts,
        Bake = TimeSpan.FromMinutes(5),
    };

    private static DaemonSetSnapshot Ds(UpdateStrategySpec? strategy = null, int desired = 10, string image = "agent:1", int unavailable = 0) => new()
    {
        ResourceVersion = "1",
        Strategy = strategy ?? UpdateStrategySpec.OnDelete,
        DesiredNumberScheduled = desired,
        Images = [image],
        NumberUnavailable = unavailable,
    };

    private static RolloutState Updating(int stage = 0, IReadOnlyList<string>? pending = null) => new()
    {
        RunId = "r",
        Phase = RolloutPhase.Updating,
        Target = "image agent:2",
        Stage = stage,
        StageTargets = [1, 5, 10],
        PreviousRevision = new RevisionRef(Old.Name, Old.Hash, 1),
        NewRevision = new RevisionRef(New.Name, New.Hash, 2),
        OriginalStrategy = Rolling,
        Pending = pending ?? [],
        BatchStartedAt = T0,
    };

    private static List<NodeInfo> Nodes(int n) => Enumerable.Range(0, n).Select(i => new NodeInfo($"n{i}", "z" + (i % 2), true)).ToList();

    private static List<AgentPod> Pods(int n, int updated = 0, bool ready = true) =>
        Enumerable.Range(0, n).Select(i => new AgentPod($"p{i}", $"n{i}", i < updated ? "new" : "old", ready, 0)).ToList();

    [Fact]
    public void Decide_FreshRollout_RecordsPreviousRevisionAndStrategyFirst()
    {
        var state = RolloutDecider.Start(Plan(), "r", T0);
        var observation = new RolloutObservation { Now = T0, DaemonSet = Ds(Rolling), Revisions = [Old] };

        var decision = RolloutDecider.Decide(state, observation, Plan());

        Assert.Equal(Old.Hash, decision.State.PreviousRevision!.Hash);
        Assert.Equal(Rolling, decision.State.OriginalStrategy);
        Assert.IsType<WaitAction>(decision.Action);
    }

    [Fact]
    public void Decide_PreviousRecorded_SwitchesToOnDeleteBeforeApplyingTheTemplate()
    {
        var state = RolloutDecider.Start(Plan(), "r", T0) with { PreviousRevision = new RevisionRef(Old.Name, Old.Hash, 1), OriginalStrategy = Rolling };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(Rolling), Revisions = [Old] }, Plan());

        var update = Assert.IsType<UpdateSpecAction>(decision.Action);
        Assert.Equal(UpdateStrategySpec.OnDelete, update.Change.Strategy);
        Assert.Null(update.Change.Template);
    }

    [Fact]
    public void Decide_OnDeleteAndNoNewRevision_AppliesTheTemplate()
    {
        var state = RolloutDecider.Start(Plan(), "r", T0) with { PreviousRevision = new RevisionRef(Old.Name, Old.Hash, 1), OriginalStrategy = Rolling };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), Revisions = [Old] }, Plan());

        var update = Assert.IsType<UpdateSpecAction>(decision.Action);
        Assert.Equal("agent:2", update.Change.Template!.Image);
        Assert.Equal(1, decision.State.ApplyAttempts);
    }

    [Fact]
    public void Decide_NewRevisionAppears_StartsStageOneAndCapturesBaseline()
    {
        var state = RolloutDecider.Start(Plan(), "r", T0) with { PreviousRevision = new RevisionRef(Old.Name, Old.Hash, 1), OriginalStrategy = Rolling };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(desired: 200), Revisions = [Old, New] }, Plan());

        Assert.IsType<CaptureBaselineAction>(decision.Action);
        Assert.Equal(RolloutPhase.Updating, decision.State.Phase);
        Assert.Equal([1, 2, 20, 100, 200], decision.State.StageTargets);
    }

    [Fact]
    public void Decide_ImageAlreadyTarget_FinishesWithNoChange()
    {
        var state = RolloutDecider.Start(Plan(), "r", T0);
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(image: "agent:2"), Revisions = [Old] }, Plan());

        var finish = Assert.IsType<FinishAction>(decision.Action);
        Assert.Equal(RolloutOutcomeKind.NoChange, finish.Outcome.Kind);
    }

    [Fact]
    public void Decide_StageNeedsNodes_DeletesOldPodsOfTheNextBatchSpreadOverZones()
    {
        var decision = RolloutDecider.Decide(Updating(stage: 1), new RolloutObservation { Now = T0, DaemonSet = Ds(), AllPods = Pods(10, updated: 1), Nodes = Nodes(10) }, Plan(maxStarts: 3));

        var delete = Assert.IsType<DeletePodsAction>(decision.Action);
        // order: z0 n0, z1 n1, z0 n2, z1 n3 …; n0 is already updated; batch capped at 3
        Assert.Equal(["n1", "n2", "n3"], decision.State.Pending);
        Assert.Equal(["p1", "p2", "p3"], delete.Pods);
    }

    [Fact]
    public void Decide_NotReadyNodes_AreSkipped()
    {
        var nodes = Nodes(4);
        nodes[0] = nodes[0] with { Ready = false };
        var decision = RolloutDecider.Decide(Updating(stage: 0), new RolloutObservation { Now = T0, DaemonSet = Ds(), AllPods = Pods(4), Nodes = nodes }, Plan());

        // zone z0 holds n0 (NotReady, skipped) and n2; z0 comes first
        Assert.Equal(["n2"], decision.State.Pending);
    }

    [Fact]
    public void Decide_PendingBatchReady_ClearsThePendingBatch()
    {
        var pods = new List<AgentPod> { new("x", "n0", "new", true, 0) };
        var decision = RolloutDecider.Decide(Updating(pending: ["n0"]), new RolloutObservation { Now = T0.AddSeconds(20), DaemonSet = Ds(), NewPods = pods }, Plan());

        Assert.Empty(decision.State.Pending);
        Assert.Equal(RolloutPhase.Updating, decision.State.Phase);
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, false, true)]
    public void Decide_PendingPodsLookedUpByNode_SameDecisionAsFromTheList(bool n1Ready, bool n2Terminating, bool ours)
    {
        // n1: the new pod, ready or not; n2: a new pod shutting down (not yet replaced); n3: nothing yet; others: earlier batches
        var pods = new List<AgentPod>
        {
            new("a", "n1", "new", n1Ready, 0),
            new("b", "n2", "new", false, 0, Terminating: n2Terminating),
            new("c", "n7", "new", true, 0),
            new("d", "n8", "new", true, 0),
        };
        var state = Updating(pending: ["n1", "n2", "n3"]) with { PendingBy = ours ? "this gate" : "another gate", PendingPods = ["old-1", "old-2", "old-3"] };
        var lookedUp = pods.Where(p => state.Pending.Contains(p.NodeName) && !p.Terminating).ToDictionary(p => p.NodeName, StringComparer.Ordinal);
        RolloutObservation Observe(IReadOnlyDictionary<string, AgentPod>? byNode) =>
            new() { Now = T0.AddSeconds(20), DaemonSet = Ds(), NewPods = pods, PendingNewPods = byNode, Actor = "this gate" };

        var fromList = RolloutDecider.Decide(state, Observe(null), Plan());
        var fromLookup = RolloutDecider.Decide(state, Observe(lookedUp), Plan());

        Assert.Equal(fromList.State, fromLookup.State);
        Assert.Equal(fromList.Action.Activity, fromLookup.Action.Activity);
        Assert.Equal(fromList.Action.GetType(), fromLookup.Action.GetType());
        if (ours)
        {
            Assert.Equal($"waiting for {(n1Ready ? 2 : 3)} of 3 new pods to be Ready", fromLookup.Action.Activity);
        }
    }

    public static TheoryData<string, string[]> TalliedPods => new()
    {
        // phase, then the new pods as name:node:ready:restarts[:crashlooping|:terminating]
        { "updating", ["a:n1:1:0", "b:n2:0:0", "c:n7:1:0", "d:n8:1:0"] },
        { "updating", ["a:n1:1:0", "b:n2:0:5", "c:n7:1:2", "d:n8:1:0"] },
        { "updating", ["z:n1:0:0:crashlooping", "b:n2:0:9", "c:n7:1:9:terminating", "d:n8:1:1"] },
        { "baking", ["a:n1:1:0", "b:n2:1:2", "c:n7:1:0"] },
        { "baking", ["q:n1:1:3", "b:n2:1:0:crashlooping", "c:n7:0:7:terminating"] },
        { "kruise", ["a:n1:1:0", "b:n2:0:0", "c:n7:1:0:terminating", "d:n8:1:0"] },
        { "kruise", ["a:n1:1:0", "b:n2:1:0", "c:n7:1:0", "d:n8:1:0", "e:n9:1:0"] },
        { "kruise", ["a:n1:1:4", "b:n2:0:0:crashlooping"] },
    };

    [Theory]
    [MemberData(nameof(TalliedPods))]
    public void Decide_NewPodsTalliedByTheWatchWithOrWithoutTheList_SameDecisionAsFromTheList(string phase, string[] described)
    {
        var pods = described.Select(d => d.Split(':')).Select(f => new AgentPod(
            f[0], f[1], "new", f[2] == "1", int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture),
            Terminating: f.Length > 4 && f[4] == "terminating", CrashLooping: f.Length > 4 && f[4] == "crashlooping")).ToList();
        var state = phase switch
        {
            "baking" => Updating() with { Phase = RolloutPhase.Baking, BakeStartedAt = T0 },
            "kruise" => Updating(stage: 1) with { Mode = RolloutMode.Kruise },
            _ => Updating(pending: ["n1", "n2", "n3"]) with { PendingBy = "this gate", PendingPods = ["old-1", "old-2", "old-3"] },
        };
        var ds = Ds(phase == "kruise" ? new UpdateStrategySpec("RollingUpdate", "1") { Partition = 7 } : null);
        RolloutObservation Observe(AgentPodTally? tally) =>
            new() { Now = T0.AddSeconds(20), DaemonSet = ds, NewPods = pods, NewPodsTally = tally, Actor = "this gate" };

        var fromList = RolloutDecider.Decide(state, Observe(null), Plan());
        var fromTally = RolloutDecider.Decide(state, Observe(AgentPodTally.Of(pods)), Plan());
        // a step that only counts: the tally and the batch's nodes looked up, no list
        var onBatch = pods.Where(p => state.Pending.Contains(p.NodeName) && !p.Terminating).ToDictionary(p => p.NodeName, StringComparer.Ordinal);
        var countsOnly = RolloutDecider.Decide(
            state, Observe(AgentPodTally.Of(pods)) with { NewPods = null, PendingNewPods = state.Pending.Count > 0 ? onBatch : null }, Plan());

        Assert.All([fromTally, countsOnly], decision =>
        {
            Assert.Equal(fromList.State.ToJson(), decision.State.ToJson());
            Assert.Equal(fromList.Action.Activity, decision.Action.Activity);
            Assert.Equal(fromList.Action.GetType(), decision.Action.GetType());
        });
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(1, 1)]
    [InlineData(2, 4)]
    [InlineData(0, 3)]
    public void Decide_BatchChosenByNode_SameDecisionAsFromTheMergedList(int stage, int maxStarts)
    {
        // listed at the stage's start: old pods on n0..n9, a second (terminating) one on n2, a stale new one on n6;
        // the watch now: n0 updated, n1's new pod shutting down, n4's new pod starting, n6's gone
        var listed = Pods(10).Append(new AgentPod("p2b", "n2", "old", false, 0, Terminating: true)).ToList();
        listed[6] = new AgentPod("p6", "n6", "new", true, 0);
        var newPods = new List<AgentPod>
        {
            new("a", "n0", "new", true, 0),
            new("b", "n1", "new", false, 0, Terminating: true),
            new("c", "n4", "new", false, 0),
        };
        var fleet = new StageFleet();
        var state = Updating(stage);
        fleet.Set(state, listed, Nodes(10));
        var observation = new RolloutObservation
        {
            Now = T0, DaemonSet = Ds(), NewPods = newPods, NewPodsTally = AgentPodTally.Of(newPods), Nodes = fleet.Nodes, NodeOrder = fleet.Order, Actor = "this gate",
        };

        var fromList = RolloutDecider.Decide(state, observation with { AllPods = fleet.Merge(newPods) }, Plan(maxStarts));
        var lookup = newPods.ToLookup(p => p.NodeName, StringComparer.Ordinal);
        var byNode = RolloutDecider.Decide(state, observation with { NewPodsByNode = lookup, ListedPodsByNode = fleet.ByNode }, Plan(maxStarts));
        var prefix = fleet.UpdatedPrefix(AgentPodTally.Of(newPods) with { Removals = 0 }, lookup);
        var skipping = RolloutDecider.Decide(state, observation with { NewPodsByNode = lookup, ListedPodsByNode = fleet.ByNode, UpdatedPrefix = prefix }, Plan(maxStarts));

        Assert.Equal(1, prefix);
        Assert.All([byNode, skipping], decision =>
        {
            Assert.Equal(fromList.State.ToJson(), decision.State.ToJson());
            Assert.Equal(fromList.Action.Activity, decision.Action.Activity);
            Assert.Equal((fromList.Action as DeletePodsAction)?.Pods, (decision.Action as DeletePodsAction)?.Pods);
            Assert.Equal(fromList.Action.GetType(), decision.Action.GetType());
        });
        if (stage == 1 && maxStarts == 3)
        {
            // order: n0 n1 n2 n3 …; n0 and n4 updated, n1 (its new pod shutting down) has no pod to delete
            Assert.Equal(["n1", "n2", "n3"], byNode.State.Pending);
            Assert.Equal(["p2", "p3"], ((DeletePodsAction)byNode.Action).Pods);
        }
    }

    [Fact]
    public void UpdatedPrefix_ANodeLosesItsNewPod_KeptWhileNoRemovalIsCountedThenLookedAtAgain()
    {
        var fleet = new StageFleet();
        fleet.Set(Updating(), Pods(4), Nodes(4));
        var updated = new List<AgentPod> { new("a", "n0", "new", true, 0), new("b", "n1", "new", false, 0) };
        var n0Leaving = new List<AgentPod> { updated[0] with { Terminating = true }, updated[1] };
        static ILookup<string, AgentPod> ByNode(List<AgentPod> pods) => pods.ToLookup(p => p.NodeName, StringComparer.Ordinal);

        Assert.Equal(2, fleet.UpdatedPrefix(AgentPodTally.Of(updated) with { Removals = 3 }, ByNode(updated)));
        Assert.Equal(2, fleet.UpdatedPrefix(AgentPodTally.Of(updated) with { Removals = 3 }, ByNode(updated)));
        Assert.Equal(0, fleet.UpdatedPrefix(AgentPodTally.Of(n0Leaving) with { Removals = 4 }, ByNode(n0Leaving)));
        Assert.Equal(2, fleet.UpdatedPrefix(AgentPodTally.Of(updated), ByNode(updated)));
        Assert.Equal(0, fleet.UpdatedPrefix(AgentPodTally.Of(n0Leaving), ByNode(n0Leaving)));
    }

    [Fact]
    public void Decide_TalliedCrashloopingCanaryAmongMany_RollsBackNamingTheFirstByName()
    {
        var pods = Enumerable.Range(0, 2000).Select(i => new AgentPod($"p{i:D4}", $"n{i}", "new", true, 0)).ToList();
        pods[1500] = pods[1500] with { Restarts = 4 };
        pods[700] = pods[700] with { CrashLooping = true, Ready = false };
        var observation = new RolloutObservation { Now = T0, DaemonSet = Ds(), NewPods = pods, NewPodsTally = AgentPodTally.Of(pods) };

        var decision = RolloutDecider.Decide(Updating() with { Phase = RolloutPhase.Baking, BakeStartedAt = T0 }, observation, Plan());

        Assert.Equal(RolloutPhase.RollingBack, decision.State.Phase);
        Assert.Equal("pod p0700 on n700 is crashlooping (0 restarts)", decision.State.Reason);
    }

    [Fact]
    public void Decide_CanaryCrashlooping_RollsBack()
    {
        var pods = new List<AgentPod> { new("x", "n0", "new", false, Restarts: 1, CrashLooping: true) };
        var decision = RolloutDecider.Decide(Updating(pending: ["n0"]), new RolloutObservation { Now = T0, DaemonSet = Ds(), NewPods = pods }, Plan());

        Assert.Equal(RolloutPhase.RollingBack, decision.State.Phase);
        Assert.Equal(RolloutOutcomeKind.RolledBack, decision.State.RollbackKind);
        Assert.Contains("crashlooping", decision.State.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PendingNotReadyPastTimeout_RollsBack()
    {
        var decision = RolloutDecider.Decide(Updating(pending: ["n0"]), new RolloutObservation { Now = T0.AddMinutes(6), DaemonSet = Ds(), NewPods = [] }, Plan());

        Assert.Equal(RolloutPhase.RollingBack, decision.State.Phase);
    }

    [Fact]
    public void Decide_StageComplete_StartsBaking()
    {
        var decision = RolloutDecider.Decide(Updating(stage: 0), new RolloutObservation { Now = T0, DaemonSet = Ds(), AllPods = Pods(10, updated: 1), Nodes = Nodes(10) }, Plan());

        Assert.Equal(RolloutPhase.Baking, decision.State.Phase);
        Assert.Equal(T0, decision.State.BakeStartedAt);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(6, true)]
    public void Decide_Baking_AnalysesOnlyAfterTheBakeTime(int minutes, bool analyse)
    {
        var state = Updating() with { Phase = RolloutPhase.Baking, BakeStartedAt = T0 };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0.AddMinutes(minutes), DaemonSet = Ds(), NewPods = [] }, Plan());

        Assert.Equal(analyse ? RolloutPhase.Analyzing : RolloutPhase.Baking, decision.State.Phase);
    }

    [Fact]
    public void Decide_PromoteRequested_SkipsTheRestOfTheBake()
    {
        var state = Updating() with { Phase = RolloutPhase.Baking, BakeStartedAt = T0, PromoteStage = 0 };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), NewPods = [] }, Plan());

        Assert.Equal(RolloutPhase.Analyzing, decision.State.Phase);
    }

    [Theory]
    [InlineData(StageVerdictKind.Healthy, RolloutPhase.Updating, null)]
    [InlineData(StageVerdictKind.Unhealthy, RolloutPhase.RollingBack, RolloutOutcomeKind.RolledBack)]
    public void Decide_Verdict_AdvancesOrRollsBack(StageVerdictKind kind, RolloutPhase phase, RolloutOutcomeKind? rollback)
    {
        var state = Updating() with { Phase = RolloutPhase.Analyzing };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), Verdict = new StageVerdict(kind, "x") }, Plan());

        Assert.Equal(phase, decision.State.Phase);
        Assert.Equal(rollback, decision.State.RollbackKind);
    }

    [Fact]
    public void Decide_InconclusivePastTheLimit_FailsClosed()
    {
        var state = Updating() with { Phase = RolloutPhase.Analyzing, Inconclusive = 3 };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), Verdict = StageVerdict.Inconclusive("no data") }, Plan());

        Assert.Equal(RolloutPhase.RollingBack, decision.State.Phase);
        Assert.Equal(RolloutOutcomeKind.Inconclusive, decision.State.RollbackKind);
    }

    [Fact]
    public void Decide_InconclusiveWithinTheLimit_AnalysesAgain()
    {
        var state = Updating() with { Phase = RolloutPhase.Analyzing, Inconclusive = 1 };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), Verdict = StageVerdict.Inconclusive("no data") }, Plan());

        Assert.Equal(RolloutPhase.Analyzing, decision.State.Phase);
        Assert.Equal(2, decision.State.Inconclusive);
    }

    [Fact]
    public void Decide_RollingBackBeforeTemplateRestored_RestoresThePreviousRevision()
    {
        var state = Updating() with { Phase = RolloutPhase.RollingBack };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), Revisions = [Old, New], NewPods = [] }, Plan());

        var update = Assert.IsType<UpdateSpecAction>(decision.Action);
        Assert.Equal(Old.Name, update.Change.Template!.RevisionName);
    }

    [Fact]
    public void Decide_RollingBackWithBadPods_ReplacesThemInBoundedBatches()
    {
        var state = Updating() with { Phase = RolloutPhase.RollingBack };
        var restored = Old with { Revision = 3 };
        var bad = Pods(25, updated: 25);
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), Revisions = [restored, New], NewPods = bad }, Plan());

        var delete = Assert.IsType<DeletePodsAction>(decision.Action);
        Assert.Equal(10, delete.Pods.Count);
    }

    [Fact]
    public void Decide_RollbackDone_RestoresTheOriginalStrategyThenFinishes()
    {
        var state = Updating() with { Phase = RolloutPhase.RollingBack, RollbackKind = RolloutOutcomeKind.RolledBack, Reason = "bad" };
        var restored = Old with { Revision = 3 };
        var first = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), Revisions = [restored, New], NewPods = [] }, Plan());
        Assert.Equal(Rolling, Assert.IsType<UpdateSpecAction>(first.Action).Change.Strategy);

        var second = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(Rolling), Revisions = [restored, New], NewPods = [] }, Plan());
        var finish = Assert.IsType<FinishAction>(second.Action);
        Assert.Equal(RolloutOutcomeKind.RolledBack, finish.Outcome.Kind);
        Assert.Equal(ExitCodes.PolicyViolation, finish.Outcome.ExitCode);
        Assert.Equal(RolloutPhase.RolledBack, second.State.Phase);
    }

    [Fact]
    public void Decide_AbortRequested_RollsBackAsAborted()
    {
        var state = Updating() with { Phase = RolloutPhase.Baking, AbortRequested = true };
        var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = T0, DaemonSet = Ds(), Revisions = [Old, New] }, Plan());

        Assert.Equal(RolloutPhase.RollingBack, decision.State.Phase);
        Assert.Equal(RolloutOutcomeKind.Aborted, decision.State.RollbackKind);
    }

    [Fact]
    public void State_RoundTripsThroughTheAnnotation()
    {
        var state = Updating(pending: ["n1", "n2"]) with { LastVerdict = "healthy: ok", TargetChange = new TemplateChange { Image = "agent:2" } };

        Assert.True(state.SameAs(RolloutState.Parse(state.ToJson())));
    }

    [Fact]
    public void State_MalformedAnnotation_IsAUsageError()
    {
        var ex = Assert.Throws<GateUsageException>(() => RolloutState.Parse("{not json"));
        Assert.StartsWith("the gate.dev/rollout annotation is not valid rollout state", ex.Message, StringComparison.Ordinal);
    }
}
