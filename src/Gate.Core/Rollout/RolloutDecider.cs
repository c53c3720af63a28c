namespace Gate.Core.Rollout;

/// <summary>
/// The rollout state machine: (state, observation) → (next state, action). Pure and deterministic; every decision is
/// driven by what the cluster shows (so replaying it after a crash is safe) and fails closed: a crashlooping or
/// never-Ready canary, an unhealthy verdict or an inconclusive one past its limit all lead to a rollback.
/// </summary>
public static class RolloutDecider
{
    /// <summary>How the reason of a rollback the engine requested itself (the API server stayed unavailable) begins.</summary>
    public const string OutagePrefix = "the API server stayed unavailable";

    /// <summary>What the engine must observe before deciding in <paramref name="state"/>.</summary>
    public static ObservationNeeds Needs(RolloutState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.AbortRequested && state.Phase is not RolloutPhase.RollingBack and not RolloutPhase.Promoted and not RolloutPhase.RolledBack)
        {
            return ObservationNeeds.Revisions;
        }

        return state.Phase switch
        {
            RolloutPhase.Preparing => ObservationNeeds.Revisions,
            RolloutPhase.Updating when state.Mode == RolloutMode.OnDelete && state.Pending.Count == 0 => ObservationNeeds.Full,
            RolloutPhase.Updating or RolloutPhase.Baking => ObservationNeeds.NewPods,
            RolloutPhase.Analyzing => ObservationNeeds.Analysis,
            RolloutPhase.RollingBack => ObservationNeeds.Revisions | ObservationNeeds.NewPods,
            _ => ObservationNeeds.None,
        };
    }

    /// <summary>Creates the state of a new rollout of <paramref name="plan"/>'s target.</summary>
    public static RolloutState Start(RolloutPlan plan, string runId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target ?? throw new GateUsageException("a rollout needs a target", hint: "pass --image or --manifest");
        return new RolloutState
        {
            RunId = runId,
            Phase = RolloutPhase.Preparing,
            Target = target.Describe(),
            TargetChange = target,
            Mode = plan.Mode,
            StartedAt = now,
        };
    }

    /// <summary>
    /// Creates the state of a plain rollback (no rollout in progress): back to the revision before the current one,
    /// in bounded batches, then the current strategy restored.
    /// </summary>
    public static RolloutState StartRollback(RolloutPlan plan, string runId, DaemonSetSnapshot daemonSet, IReadOnlyList<RevisionInfo> revisions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(daemonSet);
        ArgumentNullException.ThrowIfNull(revisions);
        var ordered = revisions.OrderByDescending(r => r.Revision).ToList();
        if (ordered.Count < 2)
        {
            throw new GateUsageException("the DaemonSet has no previous ControllerRevision to roll back to");
        }

        return new RolloutState
        {
            RunId = runId,
            Phase = RolloutPhase.RollingBack,
            Target = "rollback to revision " + ordered[1].Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Mode = plan.Mode,
            StartedAt = now,
            NewRevision = Ref(ordered[0]),
            PreviousRevision = Ref(ordered[1]),
            OriginalStrategy = daemonSet.Strategy,
            RollbackKind = RolloutOutcomeKind.Aborted,
            Reason = "rollback requested",
        };
    }

    /// <summary>The next state and action.</summary>
    public static RolloutDecision Decide(RolloutState state, RolloutObservation observation, RolloutPlan plan)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(plan);
        if (state.IsTerminal)
        {
            return Finish(state);
        }

        if (state.AbortRequested && state.Phase != RolloutPhase.RollingBack)
        {
            // the engine sets a reason when it aborts by itself (the API server stayed unavailable): fail closed
            return state.Reason is { } why && why.StartsWith(OutagePrefix, StringComparison.Ordinal)
                ? BeginRollback(state, observation, RolloutOutcomeKind.Inconclusive, why)
                : BeginRollback(state, observation, RolloutOutcomeKind.Aborted, "aborted on request");
        }

        return state.Phase switch
        {
            RolloutPhase.Preparing => Prepare(state, observation, plan),
            RolloutPhase.Updating when state.Mode == RolloutMode.Kruise => UpdateKruise(state, observation, plan),
            RolloutPhase.Updating => Update(state, observation, plan),
            RolloutPhase.Baking => Bake(state, observation, plan),
            RolloutPhase.Analyzing => Analyze(state, observation, plan),
            RolloutPhase.Finalizing => RestoreStrategy(state, observation, RolloutPhase.Promoted),
            _ => RollBack(state, observation, plan),
        };
    }

    /// <summary>True when <paramref name="actual"/> is <paramref name="desired"/> (fields the server defaults are ignored when unset).</summary>
    public static bool StrategyMatches(UpdateStrategySpec actual, UpdateStrategySpec desired)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(desired);
        return string.Equals(actual.Type, desired.Type, StringComparison.Ordinal)
            && (desired.MaxUnavailable is null || string.Equals(actual.MaxUnavailable, desired.MaxUnavailable, StringComparison.Ordinal))
            && (desired.MaxSurge is null || string.Equals(actual.MaxSurge, desired.MaxSurge, StringComparison.Ordinal))
            && (actual.Partition ?? 0) == (desired.Partition ?? 0);
    }

    private static RolloutDecision Prepare(RolloutState s, RolloutObservation o, RolloutPlan plan)
    {
        var ds = o.DaemonSet;
        var highest = Highest(o);
        if (highest is null)
        {
            return Wait(s, plan.Timings.PollInterval, "waiting for the DaemonSet controller to record a ControllerRevision");
        }

        if (s.PreviousRevision is null)
        {
            var change = s.TargetChange;
            if (change?.Image is { } image && change.Container is null && ds.Images.Count > 0 && ds.Images[0] == image)
            {
                var done = s with { Phase = RolloutPhase.Promoted, Reason = "the DaemonSet already runs " + image };
                return new RolloutDecision(done, new FinishAction(new RolloutOutcome(RolloutOutcomeKind.NoChange, done.Reason, done)) { Activity = done.Reason });
            }

            var recorded = s with { PreviousRevision = Ref(highest), OriginalStrategy = ds.Strategy };
            return Wait(recorded, TimeSpan.Zero, $"recorded revision {highest.Revision} and strategy {ds.Strategy.Type}");
        }

        if (s.Mode == RolloutMode.OnDelete && ds.Strategy.Type != "OnDelete")
        {
            return Act(s, new UpdateSpecAction(new SpecChange { Strategy = UpdateStrategySpec.OnDelete }) { Activity = "switching the update strategy to OnDelete" });
        }

        if (s.Mode == RolloutMode.Kruise && (ds.Strategy.Partition ?? 0) < ds.DesiredNumberScheduled && highest.Hash == s.PreviousRevision.Hash)
        {
            var hold = (s.OriginalStrategy ?? ds.Strategy) with { Type = "RollingUpdate", Partition = ds.DesiredNumberScheduled };
            return Act(s, new UpdateSpecAction(new SpecChange { Strategy = hold }) { Activity = $"holding every pod with partition {ds.DesiredNumberScheduled}" });
        }

        if (highest.Revision > s.PreviousRevision.Revision && highest.Hash != s.PreviousRevision.Hash)
        {
            var next = s with
            {
                Phase = RolloutPhase.Updating,
                NewRevision = Ref(highest),
                Stage = 0,
                StageTargets = NodeOrdering.ResolveStages(plan.Stages, ds.DesiredNumberScheduled),
                StageStartedAt = o.Now,
                BatchStartedAt = o.Now,
            };
            return new RolloutDecision(next, new CaptureBaselineAction { Activity = $"new revision {highest.Hash}: capturing the health baseline" });
        }

        if (s.ApplyAttempts >= 3 && ds.ObservedGeneration >= ds.Generation)
        {
            var unchanged = s with { Phase = RolloutPhase.Finalizing, Reason = "the template did not change: no new ControllerRevision" };
            return Wait(unchanged, TimeSpan.Zero, unchanged.Reason);
        }

        var target = s.TargetChange ?? throw new GateUsageException("the rollout state has no target template", hint: "abort the rollout and start again");
        return Act(s with { ApplyAttempts = s.ApplyAttempts + 1 }, new UpdateSpecAction(new SpecChange { Template = target }) { Activity = "applying " + s.Target });
    }

    private static RolloutDecision Update(RolloutState s, RolloutObservation o, RolloutPlan plan)
    {
        var hash = s.NewRevision!.Hash;
        var pods = o.NewPods ?? o.AllPods?.Where(p => p.RevisionHash == hash).ToList() ?? [];
        if (Crash(o, pods, plan) is { } crash)
        {
            return BeginRollback(s, o, RolloutOutcomeKind.RolledBack, crash);
        }

        if (s.Pending.Count > 0)
        {
            // one pass over the new pods against the batch (at most a few hundred nodes): a step of a 100,000-node
            // stage must not build sets of every node
            var pending = s.Pending.ToHashSet(StringComparer.Ordinal);
            var ready = new HashSet<string>(StringComparer.Ordinal);
            var replaced = new HashSet<string>(StringComparer.Ordinal);
            IEnumerable<AgentPod> onPending = o.PendingNewPods is { } looked
                ? pending.Select(n => looked.TryGetValue(n, out var pod) && !pod.Terminating ? pod : null).OfType<AgentPod>()
                : Live(pods);
            foreach (var pod in onPending)
            {
                if (pending.Contains(pod.NodeName))
                {
                    replaced.Add(pod.NodeName);
                    if (pod.Ready)
                    {
                        ready.Add(pod.NodeName);
                    }
                }
            }

            var waiting = pending.Count - ready.Count;
            if (waiting == 0)
            {
                return Wait(s with { Pending = [], PendingPods = [], PendingBy = null, BatchStartedAt = null }, TimeSpan.Zero, $"batch of {s.Pending.Count} ready");
            }

            if (s.PendingBy != o.Actor && replaced.Count < pending.Count && s.PendingPods.Count > 0)
            {
                // a batch another gate run started (and maybe died before deleting): delete its pods again, own it
                var adopted = s with { PendingBy = o.Actor };
                return new RolloutDecision(adopted, new DeletePodsAction(s.PendingPods) { Activity = $"stage {s.Stage + 1}: resuming the replacement on {Counted.Nodes(s.Pending.Count)}" });
            }

            if (o.Now - (s.BatchStartedAt ?? o.Now) > plan.Timings.ReadyTimeout)
            {
                return BeginRollback(s, o, RolloutOutcomeKind.RolledBack, $"{waiting} new pods not Ready after {plan.Timings.ReadyTimeout}");
            }

            return Wait(s, plan.Timings.PollInterval, $"waiting for {waiting} of {s.Pending.Count} new pods to be Ready");
        }

        if (o is { NewPods: not null, NewPodsTally: { } tally, NewPodsByNode: { } newByNode, ListedPodsByNode: { } listedByNode, NodeOrder: { } nodeOrder })
        {
            // by node: a node is updated when it has a new pod not terminating; every pod on a node is the new ones
            // there if the watch has any (what merging the list with the watch gives), else the listed ones
            return NextBatch(
                s, o, plan, new Fleet(nodeOrder, tally.Nodes, n => HasLivePod(newByNode, n), o.UpdatedPrefix),
                batch => batch.SelectMany(n => newByNode.Contains(n) ? newByNode[n] : listedByNode[n]));
        }

        var all = o.AllPods ?? [];
        var updated = Live(pods).Select(p => p.NodeName).ToHashSet(StringComparer.Ordinal);
        var order = o.NodeOrder ?? NodeOrdering.Order(o.Nodes ?? [], all.Where(p => p.NodeName.Length > 0).Select(p => p.NodeName).ToHashSet(StringComparer.Ordinal));
        return NextBatch(s, o, plan, new Fleet(order, updated.Count, updated.Contains), batch =>
        {
            var batchSet = batch.ToHashSet(StringComparer.Ordinal);
            return all.Where(p => batchSet.Contains(p.NodeName));
        });
    }

    /// <summary>Bakes when the stage's nodes are updated, else replaces the pods on the next nodes of the order not updated yet.</summary>
    private static RolloutDecision NextBatch(RolloutState s, RolloutObservation o, RolloutPlan plan, Fleet fleet, Func<IReadOnlyList<string>, IEnumerable<AgentPod>> podsOn)
    {
        var hash = s.NewRevision!.Hash;
        var target = StageTarget(s, fleet.Order.Count);
        if (fleet.Updated >= target)
        {
            return Wait(s with { Phase = RolloutPhase.Baking, BakeStartedAt = o.Now }, TimeSpan.Zero, $"stage {s.Stage + 1}: {Counted.Nodes(fleet.Updated)} updated, baking");
        }

        var batch = fleet.Order.Skip(fleet.UpdatedPrefix).Where(n => !fleet.IsUpdated(n)).Take(Math.Min(Math.Max(1, plan.MaxConcurrentStarts), target - fleet.Updated)).ToList();
        var victims = podsOn(batch).Where(p => !p.Terminating && p.RevisionHash != hash).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var next = s with { Pending = batch, PendingPods = victims, PendingBy = o.Actor, BatchStartedAt = o.Now };
        return new RolloutDecision(next, new DeletePodsAction(victims) { Activity = $"stage {s.Stage + 1}: replacing pods on {Counted.Nodes(batch.Count)}" });
    }

    /// <summary>True when <paramref name="pods"/> has a pod not terminating on <paramref name="node"/> (the node is updated).</summary>
    internal static bool HasLivePod(ILookup<string, AgentPod> pods, string node)
    {
        foreach (var pod in pods[node])
        {
            if (!pod.Terminating)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nodes in rollout order, how many of them run the new revision and which (the first <paramref name="UpdatedPrefix"/> known to).</summary>
    private sealed record Fleet(IReadOnlyList<string> Order, int Updated, Func<string, bool> IsUpdated, int UpdatedPrefix = 0);

    private static RolloutDecision UpdateKruise(RolloutState s, RolloutObservation o, RolloutPlan plan)
    {
        var pods = o.NewPods ?? [];
        if (Crash(o, pods, plan) is { } crash)
        {
            return BeginRollback(s, o, RolloutOutcomeKind.RolledBack, crash);
        }

        var total = o.DaemonSet.DesiredNumberScheduled;
        var target = StageTarget(s, total);
        var ready = o.NewPodsTally?.Ready ?? pods.Count(p => p.Ready && !p.Terminating);
        if (ready >= target)
        {
            return Wait(s with { Phase = RolloutPhase.Baking, BakeStartedAt = o.Now }, TimeSpan.Zero, $"stage {s.Stage + 1}: {ready} pods updated, baking");
        }

        var partition = o.DaemonSet.Strategy.Partition ?? 0;
        var asked = total - partition;
        if (ready >= asked)
        {
            var lower = Math.Max(total - target, partition - Math.Max(1, plan.MaxConcurrentStarts));
            var strategy = o.DaemonSet.Strategy with { Partition = lower };
            return Act(s with { BatchStartedAt = o.Now }, new UpdateSpecAction(new SpecChange { Strategy = strategy }) { Activity = $"stage {s.Stage + 1}: partition {lower}" });
        }

        if (o.Now - (s.BatchStartedAt ?? o.Now) > plan.Timings.ReadyTimeout)
        {
            return BeginRollback(s, o, RolloutOutcomeKind.RolledBack, $"{asked - ready} new pods not Ready after {plan.Timings.ReadyTimeout}");
        }

        return Wait(s, plan.Timings.PollInterval, $"waiting for {asked - ready} new pods to be Ready");
    }

    private static RolloutDecision Bake(RolloutState s, RolloutObservation o, RolloutPlan plan)
    {
        if (Crash(o, o.NewPods ?? [], plan) is { } crash)
        {
            return BeginRollback(s, o, RolloutOutcomeKind.RolledBack, crash);
        }

        var end = (s.BakeStartedAt ?? o.Now) + plan.Bake;
        if (s.PromoteStage == s.Stage || o.Now >= end)
        {
            return Wait(s with { Phase = RolloutPhase.Analyzing }, TimeSpan.Zero, $"stage {s.Stage + 1}: analysing");
        }

        var left = end - o.Now;
        var poll = plan.Timings.PollInterval;
        return Wait(s, left < poll ? left : poll, $"stage {s.Stage + 1}: baking");
    }

    private static RolloutDecision Analyze(RolloutState s, RolloutObservation o, RolloutPlan plan)
    {
        var verdict = o.Verdict ?? StageVerdict.Inconclusive("no analysis result");
        var line = $"{verdict.Kind.ToString().ToLowerInvariant()}: {verdict.Reason}";
        switch (verdict.Kind)
        {
            case StageVerdictKind.Healthy when s.Stage >= s.StageTargets.Count - 1:
                return Wait(s with { Phase = RolloutPhase.Finalizing, LastVerdict = line }, TimeSpan.Zero, "every stage passed");
            case StageVerdictKind.Healthy:
                var next = s with
                {
                    Phase = RolloutPhase.Updating,
                    Stage = s.Stage + 1,
                    Pending = [],
                    PendingPods = [],
                    PendingBy = null,
                    Inconclusive = 0,
                    StageStartedAt = o.Now,
                    BakeStartedAt = null,
                    BatchStartedAt = o.Now,
                    LastVerdict = line,
                };
                return Wait(next, TimeSpan.Zero, $"stage {s.Stage + 1} passed");
            case StageVerdictKind.Unhealthy:
                return BeginRollback(s with { LastVerdict = line }, o, RolloutOutcomeKind.RolledBack, "unhealthy: " + verdict.Reason);
            default:
                var count = s.Inconclusive + 1;
                if (count > plan.Timings.InconclusiveRetries)
                {
                    return BeginRollback(s with { LastVerdict = line }, o, RolloutOutcomeKind.Inconclusive, $"inconclusive {count} times (fail closed): {verdict.Reason}");
                }

                return Wait(s with { Inconclusive = count, LastVerdict = line }, plan.Timings.InconclusiveRetryInterval, $"inconclusive ({count}/{plan.Timings.InconclusiveRetries}), analysing again");
        }
    }

    private static RolloutDecision RollBack(RolloutState s, RolloutObservation o, RolloutPlan plan)
    {
        var ds = o.DaemonSet;
        var previous = s.PreviousRevision;
        var highest = Highest(o);
        if (previous is null || highest is null)
        {
            return RestoreStrategy(s, o, RolloutPhase.RolledBack);
        }

        if (highest.Hash != previous.Hash)
        {
            if (s.Mode == RolloutMode.OnDelete && ds.Strategy.Type != "OnDelete")
            {
                return Act(s, new UpdateSpecAction(new SpecChange { Strategy = UpdateStrategySpec.OnDelete }) { Activity = "rollback: switching the update strategy to OnDelete" });
            }

            var restore = new TemplateChange { RevisionName = previous.Name };
            return Act(s, new UpdateSpecAction(new SpecChange { Template = restore }) { Activity = $"rollback: restoring revision {previous.Hash}" });
        }

        var bad = Live(s.NewRevision is null ? [] : o.NewPods ?? []);
        if (s.Mode == RolloutMode.Kruise)
        {
            if ((ds.Strategy.Partition ?? 0) != 0)
            {
                return Act(s with { BatchStartedAt = o.Now }, new UpdateSpecAction(new SpecChange { Strategy = ds.Strategy with { Partition = 0 } }) { Activity = "rollback: partition 0" });
            }

            return bad.Count == 0 || o.Now - (s.BatchStartedAt ?? o.Now) > plan.Timings.ReadyTimeout
                ? RestoreStrategy(s, o, RolloutPhase.RolledBack)
                : Wait(s, plan.Timings.PollInterval, $"rollback: {bad.Count} pods left on the new revision");
        }

        if (s.Pending.Count > 0)
        {
            var pending = s.Pending.ToHashSet(StringComparer.Ordinal);
            var left = bad.Where(p => pending.Contains(p.NodeName)).ToList();
            if ((left.Count == 0 && ds.NumberUnavailable == 0) || o.Now - (s.BatchStartedAt ?? o.Now) > plan.Timings.RollbackBatchTimeout)
            {
                return Wait(s with { Pending = [], PendingPods = [], PendingBy = null, BatchStartedAt = null }, TimeSpan.Zero, "rollback: batch done");
            }

            if (s.PendingBy != o.Actor && left.Count > 0)
            {
                // a rollback batch another gate run started (and maybe died before deleting): delete again, own it
                return new RolloutDecision(s with { PendingBy = o.Actor }, new DeletePodsAction(left.Select(p => p.Name).ToList()) { Activity = $"rollback: resuming the replacement on {Counted.Nodes(left.Count)}" });
            }

            return Wait(s, plan.Timings.PollInterval, $"rollback: waiting for {Counted.Nodes(s.Pending.Count)}");
        }

        if (bad.Count == 0)
        {
            return RestoreStrategy(s, o, RolloutPhase.RolledBack);
        }

        var batch = bad.OrderBy(p => p.NodeName, StringComparer.Ordinal).Take(Math.Max(1, plan.Timings.RollbackBatchSize)).ToList();
        var next = s with { Pending = batch.Select(p => p.NodeName).ToList(), PendingPods = batch.Select(p => p.Name).ToList(), PendingBy = o.Actor, BatchStartedAt = o.Now };
        return new RolloutDecision(next, new DeletePodsAction(batch.Select(p => p.Name).ToList()) { Activity = $"rollback: replacing {batch.Count} of {bad.Count} new-revision pods" });
    }

    private static RolloutDecision RestoreStrategy(RolloutState s, RolloutObservation o, RolloutPhase end)
    {
        var original = s.OriginalStrategy;
        if (original is not null && !StrategyMatches(o.DaemonSet.Strategy, original))
        {
            return Act(s, new UpdateSpecAction(new SpecChange { Strategy = original }) { Activity = "restoring the update strategy " + original.Type });
        }

        return Finish(s with { Phase = end, Pending = [], PendingPods = [], PendingBy = null, BatchStartedAt = null });
    }

    private static RolloutDecision BeginRollback(RolloutState s, RolloutObservation o, RolloutOutcomeKind kind, string reason)
    {
        var newRevision = s.NewRevision;
        if (newRevision is null && Highest(o) is { } highest && s.PreviousRevision is { } previous && highest.Hash != previous.Hash)
        {
            newRevision = Ref(highest);
        }

        var next = s with
        {
            Phase = RolloutPhase.RollingBack,
            NewRevision = newRevision,
            Pending = [],
            PendingPods = [],
            PendingBy = null,
            BatchStartedAt = null,
            RollbackKind = kind,
            Reason = reason,
        };
        return Wait(next, TimeSpan.Zero, "rolling back: " + reason);
    }

    private static RolloutDecision Finish(RolloutState s)
    {
        var kind = s.Phase == RolloutPhase.Promoted ? RolloutOutcomeKind.Promoted : s.RollbackKind ?? RolloutOutcomeKind.RolledBack;
        var reason = s.Phase == RolloutPhase.Promoted
            ? s.Reason ?? $"promoted to every node ({s.StageTargets.Count} stages)"
            : "rolled back: " + (s.Reason ?? "unknown reason");
        return new RolloutDecision(s, new FinishAction(new RolloutOutcome(kind, reason, s)) { Activity = reason });
    }

    private static int StageTarget(RolloutState s, int eligible) =>
        s.Stage >= s.StageTargets.Count - 1 ? eligible : Math.Min(s.StageTargets[s.Stage], eligible);

    private static bool IsCrashing(AgentPod pod, RolloutPlan plan) => pod.CrashLooping || pod.Restarts >= plan.Timings.CrashRestartThreshold;

    private static string CrashReason(AgentPod bad) => $"pod {bad.Name} on {bad.NodeName} is crashlooping ({bad.Restarts} restarts)";

    private static List<AgentPod> Live(IEnumerable<AgentPod> pods) => pods.Where(p => !p.Terminating).ToList();

    /// <summary>
    /// Why the first new pod by name that crashloops does (null when none does). With the watch's tally only its restarted
    /// pods are read (a crashing pod has restarted or crashloops whenever the threshold is at least one restart), so a
    /// step of a large stage reads no other pod; else one pass over <paramref name="pods"/>.
    /// </summary>
    private static string? Crash(RolloutObservation o, IReadOnlyList<AgentPod> pods, RolloutPlan plan)
    {
        var suspects = o.NewPodsTally is { } tally && plan.Timings.CrashRestartThreshold > 0 ? tally.Restarted : pods;
        AgentPod? bad = null;
        foreach (var pod in suspects)
        {
            if (!pod.Terminating && IsCrashing(pod, plan) && (bad is null || string.CompareOrdinal(pod.Name, bad.Name) < 0))
            {
                bad = pod;
            }
        }

        return bad is null ? null : CrashReason(bad);
    }

    private static RevisionInfo? Highest(RolloutObservation o) => o.Revisions?.MaxBy(r => r.Revision);

    private static RevisionRef Ref(RevisionInfo r) => new(r.Name, r.Hash, r.Revision);

    private static RolloutDecision Wait(RolloutState s, TimeSpan delay, string activity) => new(s, new WaitAction(delay) { Activity = activity });

    private static RolloutDecision Act(RolloutState s, RolloutAction action) => new(s, action);
}
