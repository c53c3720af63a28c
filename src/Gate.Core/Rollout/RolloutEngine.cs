namespace Gate.Core.Rollout;

/// <summary>
/// Runs a rollout: holds the coordination Lease, re-reads the state from the <c>gate.dev/rollout</c> annotation on
/// every step, asks <see cref="RolloutDecider"/> what to do, persists the new state with a resourceVersion
/// precondition (write-ahead) and only then acts. A killed gate therefore resumes (or a second gate takes over
/// once the Lease expires) exactly where the state says; a conflict (409) just means observe and decide again.
/// </summary>
public static class RolloutEngine
{
    /// <summary>Runs <paramref name="plan"/> to its end and returns the outcome.</summary>
    /// <param name="plan">What to do.</param>
    /// <param name="ports">The cluster and the progress sink.</param>
    /// <param name="time">The clock (tests pass a fake or accelerated one).</param>
    /// <param name="analyzer">The health judge between stages.</param>
    /// <param name="cancellationToken">Stops the engine (the state stays; a later run resumes it).</param>
    public static async Task<RolloutOutcome> RunAsync(RolloutPlan plan, RolloutPorts ports, TimeProvider time, IStageAnalyzer analyzer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(analyzer);
        using var telemetry = Diagnostics.RolloutTelemetry.Start(plan, ports.Cluster.Target, time);
        try
        {
            var outcome = await RunStepsAsync(plan, ports, time, analyzer, telemetry, cancellationToken).ConfigureAwait(false);
            telemetry.Finish(outcome);
            return outcome;
        }
        catch (Exception ex)
        {
            telemetry.Fail(ex);
            throw;
        }
    }

    private static async Task<RolloutOutcome> RunStepsAsync(
        RolloutPlan plan, RolloutPorts ports, TimeProvider time, IStageAnalyzer analyzer, Diagnostics.RolloutTelemetry telemetry, CancellationToken cancellationToken)
    {
        var cluster = ports.Cluster;
        var lease = await cluster.TryAcquireLeaseAsync(new LeaseRequest(plan.Holder, plan.Timings.LeaseDuration, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (!lease.Acquired)
        {
            return new RolloutOutcome(RolloutOutcomeKind.LeaseHeld, $"another gate ({lease.CurrentHolder}) is acting on {cluster.Target}", null);
        }

        var renewed = time.GetUtcNow();
        var runId = plan.Holder + "@" + renewed.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ended = false;
        string? lostTo = null;

        // Renews the Lease once it is a renew interval old; false when another gate took it. Called before every step
        // and again right before acting, so a gate that stalled (slow requests, retries, a paused process) renews before
        // it acts and stops if another gate took over meanwhile.
        async Task<bool> HoldLeaseAsync()
        {
            if (time.GetUtcNow() - renewed < plan.Timings.LeaseRenewInterval)
            {
                return true;
            }

            var renewal = await cluster.TryAcquireLeaseAsync(new LeaseRequest(plan.Holder, plan.Timings.LeaseDuration, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            if (!renewal.Acquired)
            {
                lostTo = renewal.CurrentHolder;
                return false;
            }

            renewed = time.GetUtcNow();
            return true;
        }

        RolloutOutcome Lost() => new(RolloutOutcomeKind.LeaseLost, $"lost the Lease to {lostTo}; stopped acting", null);

        var canaryInstalled = false;
        IAgentPodWatch? podWatch = null;
        var fleet = new StageFleet();

        // One watch follows the pods of the revision being rolled out (or back); a new revision gets a new watch.
        IAgentPodWatch Follow(string hash)
        {
            if (podWatch?.RevisionHash != hash)
            {
                podWatch?.Dispose();
                podWatch = cluster.WatchAgentPods(hash);
            }

            return podWatch;
        }

        // A wait for pods (readiness, bake, rollback batches) ends early when the watch shows a change, but steps stay at
        // least MinStepInterval apart: each step reads the DaemonSet, so this bounds the gate's steady request rate.
        async Task WaitAsync(TimeSpan delay, RolloutState state)
        {
            if (podWatch is { } watch && watch.RevisionHash == state.NewRevision?.Hash
                && state.Phase is RolloutPhase.Updating or RolloutPhase.Baking or RolloutPhase.RollingBack)
            {
                var started = time.GetUtcNow();
                await watch.WaitForChangeAsync(delay, time, cancellationToken).ConfigureAwait(false);
                var least = TimeSpan.FromTicks(Math.Min(delay.Ticks, plan.Timings.MinStepInterval.Ticks));
                var spent = time.GetUtcNow() - started;
                if (spent < least)
                {
                    await Task.Delay(least - spent, time, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset? outageSince = null;
        string? outageRollback = null;
        var outageWait = plan.Timings.PollInterval;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    if (await StepAsync().ConfigureAwait(false) is { } finished)
                    {
                        return finished;
                    }

                    outageSince = null;
                    outageWait = plan.Timings.PollInterval;
                }
                catch (ClusterUnavailableException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Sustained 429s (or 5xx, timeouts) past the per-request retries: the rollout is not over, so wait and
                    // observe again (each request honours Retry-After). Past the outage limit, roll back; if the rollback
                    // cannot proceed for as long again, give up (exit 3): the state persisted says RollingBack, and the
                    // Lease expires, so a later gate finishes it.
                    if (!WithinOutageLimit())
                    {
                        if (outageRollback is not null)
                        {
                            throw;
                        }

                        outageRollback = $"{RolloutDecider.OutagePrefix} for {plan.Timings.ApiOutageLimit.TotalMinutes:0.#} min ({ex.Message}): rolling back (fail closed)";
                        outageSince = time.GetUtcNow();
                    }

                    await Task.Delay(outageWait, time, cancellationToken).ConfigureAwait(false);
                    outageWait = TimeSpan.FromTicks(Math.Min(outageWait.Ticks * 2, Math.Max(plan.Timings.PollInterval.Ticks, TimeSpan.FromSeconds(60).Ticks)));
                }
            }
        }
        finally
        {
            podWatch?.Dispose();

            // Only a run that ended releases the Lease; a failed or cancelled one keeps it until it expires, so no other
            // gate acts while this one might still be mid-action.
            if (ended)
            {
                // promoted, rolled back, aborted, or nothing (left) to do: the canary FlowSchema goes, also one a killed gate left
                await RemoveCanaryQuietlyAsync(ports.FlowSchemas, cluster.Target).ConfigureAwait(false);
                await ReleaseQuietlyAsync(cluster, plan.Holder).ConfigureAwait(false);
            }
        }

        // The decision is persisted, so its action must happen: an overloaded API server (ClusterUnavailableException
        // past the per-request retries) is waited out and the same action tried again (every action is idempotent:
        // patches to a target, deletes that ignore 404) until the outage limit, after which the step loop decides.
        async Task<RolloutOutcome?> ActAsync(RolloutAction action, RolloutState before, RolloutState after, RolloutObservation observation)
        {
            while (true)
            {
                try
                {
                    if (action is WaitAction { Delay: var delay } && delay > TimeSpan.Zero)
                    {
                        await WaitAsync(delay, after).ConfigureAwait(false);
                        return null;
                    }

                    return await ExecuteAsync(action, before, observation, plan, cluster, analyzer, time, HoldLeaseAsync, cancellationToken).ConfigureAwait(false);
                }
                catch (ClusterUnavailableException) when (!cancellationToken.IsCancellationRequested && WithinOutageLimit())
                {
                    await Task.Delay(plan.Timings.PollInterval, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        // Called on each failure: true while the API server has been failing for less than the outage limit.
        bool WithinOutageLimit()
        {
            var now = time.GetUtcNow();
            outageSince ??= now;
            return now - outageSince < plan.Timings.ApiOutageLimit;
        }

        // One observe-decide-persist-act step; an outcome when the run ended, else null.
        async Task<RolloutOutcome?> StepAsync()
        {
            if (!await HoldLeaseAsync().ConfigureAwait(false))
            {
                return Lost();
            }

            var daemonSet = await cluster.GetDaemonSetAsync(cancellationToken).ConfigureAwait(false);
            var persisted = RolloutState.Parse(daemonSet.StateJson);
            var state = await CurrentStateAsync(plan, cluster, daemonSet, persisted, runId, time, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                ended = true;
                return new RolloutOutcome(RolloutOutcomeKind.NothingToDo, $"no gate rollout in progress on {cluster.Target}", persisted);
            }

            if (outageRollback is not null && state is { IsTerminal: false, AbortRequested: false, Phase: not RolloutPhase.RollingBack })
            {
                state = state with { AbortRequested = true, Reason = outageRollback };
            }

            telemetry.Observe(state, daemonSet.DesiredNumberScheduled);
            var observation = await ObserveAsync(state, daemonSet, new ObservePorts(cluster, Follow, fleet), analyzer, canaryInstalled, time, telemetry, cancellationToken).ConfigureAwait(false) with { Actor = runId };
            var decision = RolloutDecider.Decide(state, observation, plan);
            telemetry.Observe(decision.State, daemonSet.DesiredNumberScheduled);
            if (!await HoldLeaseAsync().ConfigureAwait(false))
            {
                return Lost(); // observing took long enough to renew, and another gate holds the Lease now
            }

            if (!decision.State.SameAs(persisted)
                && !await TryWriteStateAsync(cluster, decision.State, daemonSet.ResourceVersion, cancellationToken).ConfigureAwait(false))
            {
                return null; // someone (a controller, gate promote/abort) changed the DaemonSet: observe again
            }

            if (!canaryInstalled && ports.FlowSchemas is { } schemas && decision.State.Phase is RolloutPhase.Updating or RolloutPhase.Baking or RolloutPhase.Analyzing)
            {
                // before the first stage replaces a pod, and again by a gate that resumes: creating is idempotent
                await schemas.EnsureAsync(CanaryFlowSchema.For(cluster.Target, daemonSet.ServiceAccountName), cancellationToken).ConfigureAwait(false);
                canaryInstalled = true;
            }

            ports.Progress?.Invoke(Progress(decision, observation, plan.Bake));
            var finished = await ActAsync(decision.Action, state, decision.State, observation).ConfigureAwait(false) ?? (lostTo is null ? null : Lost());
            if (finished is not null)
            {
                ended = true;
            }

            return finished;
        }
    }

    /// <summary>
    /// Changes the state of the rollout in progress (used by <c>gate promote</c> and <c>gate abort</c>: the gate holding
    /// the Lease sees the change on its next step). Returns the written state, or null when no rollout is in progress.
    /// </summary>
    public static async Task<RolloutState?> RequestAsync(IDaemonSetOperator cluster, Func<RolloutState, RolloutState> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var daemonSet = await cluster.GetDaemonSetAsync(cancellationToken).ConfigureAwait(false);
            if (RolloutState.Parse(daemonSet.StateJson) is not { IsTerminal: false } state)
            {
                return null;
            }

            var next = change(state);
            try
            {
                await cluster.WriteStateAsync(next.ToJson(), daemonSet.ResourceVersion, cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (RolloutConflictException) when (attempt < 20)
            {
                // the DaemonSet moved on (status, the running gate): read again
            }
        }
    }

    /// <summary>
    /// Writes the state with its resourceVersion precondition. On a conflict, reads again: when the annotation already
    /// holds exactly this state, the write landed and only its answer was lost (a retried PATCH then conflicts with
    /// itself), so it counts as written; otherwise false.
    /// </summary>
    private static async Task<bool> TryWriteStateAsync(IDaemonSetOperator cluster, RolloutState state, string resourceVersion, CancellationToken cancellationToken)
    {
        try
        {
            await cluster.WriteStateAsync(state.ToJson(), resourceVersion, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RolloutConflictException)
        {
            var again = await cluster.GetDaemonSetAsync(cancellationToken).ConfigureAwait(false);
            return state.SameAs(RolloutState.Parse(again.StateJson));
        }
    }

    private static async Task<RolloutState?> CurrentStateAsync(
        RolloutPlan plan, IDaemonSetOperator cluster, DaemonSetSnapshot daemonSet, RolloutState? persisted, string runId, TimeProvider time, CancellationToken cancellationToken)
    {
        var active = persisted is { IsTerminal: false } ? persisted : null;
        if (persisted is { IsTerminal: true } && persisted.RunId == runId)
        {
            return persisted; // our own run just ended: the decider reports it
        }

        switch (plan.Intent)
        {
            case RolloutIntent.Rollout when active is null:
                return RolloutDecider.Start(plan, runId, time.GetUtcNow());
            case RolloutIntent.Rollout when plan.Target is { } target && active.Target != target.Describe():
                throw new GateUsageException(
                    $"a rollout of {active.Target} is in progress on {cluster.Target}",
                    hint: "resume it with the same target, or run gate abort first");
            case RolloutIntent.Abort or RolloutIntent.Rollback when active is { AbortRequested: false }:
                return active with { AbortRequested = true };
            case RolloutIntent.Rollback when active is null:
                var revisions = await cluster.ListRevisionsAsync(cancellationToken).ConfigureAwait(false);
                return RolloutDecider.StartRollback(plan, runId, daemonSet, revisions, time.GetUtcNow());
            default:
                return active;
        }
    }

    /// <summary>What an observation reads from: the cluster, the watch of a revision's pods, the stage's fleet list.</summary>
    private sealed record ObservePorts(IDaemonSetOperator Cluster, Func<string, IAgentPodWatch> Follow, StageFleet Fleet);

    private static async Task<RolloutObservation> ObserveAsync(
        RolloutState state, DaemonSetSnapshot daemonSet, ObservePorts ports, IStageAnalyzer analyzer, bool canaryInstalled, TimeProvider time,
        Diagnostics.RolloutTelemetry telemetry, CancellationToken cancellationToken)
    {
        var cluster = ports.Cluster;
        var needs = RolloutDecider.Needs(state);
        var observation = new RolloutObservation { Now = time.GetUtcNow(), DaemonSet = daemonSet };
        if (needs.HasFlag(ObservationNeeds.Revisions))
        {
            observation = observation with { Revisions = await cluster.ListRevisionsAsync(cancellationToken).ConfigureAwait(false) };
        }

        if (needs.HasFlag(ObservationNeeds.Full))
        {
            var newPods = state.NewRevision is { } updating ? await ports.Follow(updating.Hash).PodsAsync(cancellationToken).ConfigureAwait(false) : [];
            if (!ports.Fleet.Holds(state))
            {
                var all = await cluster.ListAgentPodsAsync(null, cancellationToken).ConfigureAwait(false);
                ports.Fleet.Set(state, all, await cluster.ListNodesAsync(cancellationToken).ConfigureAwait(false));
            }

            var watch = state.NewRevision is { } followed ? ports.Follow(followed.Hash) : null;
            observation = observation with { NewPods = newPods, NewPodsTally = watch?.Tally(), Nodes = ports.Fleet.Nodes, NodeOrder = ports.Fleet.Order };
            // by node when the watch keeps its pods so: the batch is chosen without merging every pod into one list
            observation = watch?.ByNode() is { } byNode && observation.NewPodsTally is not null
                ? observation with { NewPodsByNode = byNode, ListedPodsByNode = ports.Fleet.ByNode, UpdatedPrefix = ports.Fleet.UpdatedPrefix(observation.NewPodsTally, byNode) }
                : observation with { AllPods = ports.Fleet.Merge(newPods) };
        }
        else if (needs.HasFlag(ObservationNeeds.NewPods) && state.NewRevision is { } revision)
        {
            var watch = ports.Follow(revision.Hash);
            observation = await ObserveNewPodsAsync(state, observation, watch, cancellationToken).ConfigureAwait(false);
        }

        if (needs.HasFlag(ObservationNeeds.Analysis))
        {
            var pods = state.NewRevision is { } canary ? await ports.Follow(canary.Hash).PodsAsync(cancellationToken).ConfigureAwait(false) : [];
            var context = Context(state, cluster.Target, daemonSet, observation.Now) with { CanaryPods = pods, CanaryFlowSchemaInstalled = canaryInstalled };
            using var span = telemetry.StartAnalysis(context);
            StageVerdict verdict;
            try
            {
                verdict = await analyzer.AnalyzeAsync(context, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An analysis that cannot be made is inconclusive (fail closed: repeated, it rolls back), never a crash that leaves the rollout half-way.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                verdict = StageVerdict.Inconclusive("the analysis could not be made: " + ex.GetType().Name);
            }

            telemetry.EndAnalysis(span, verdict);
            observation = observation with { Verdict = verdict };
        }

        return observation;
    }

    /// <summary>
    /// The new pods as a step that does not choose a batch needs them. A bake, a Kruise partition step and a wait for the
    /// batch being replaced only count the new pods and look at the batch's nodes: when the watch keeps a tally and its
    /// pods by node, that is all they read (no list of every pod); otherwise the list.
    /// </summary>
    private static async Task<RolloutObservation> ObserveNewPodsAsync(RolloutState state, RolloutObservation observation, IAgentPodWatch watch, CancellationToken cancellationToken)
    {
        var batch = state.Phase == RolloutPhase.Updating && state.Mode != RolloutMode.Kruise && state.Pending.Count > 0;
        var countsOnly = batch || state.Phase == RolloutPhase.Baking || (state.Phase == RolloutPhase.Updating && state.Mode == RolloutMode.Kruise);
        if (countsOnly && await watch.TallyAsync(cancellationToken).ConfigureAwait(false) is { } tally)
        {
            var onBatch = batch ? watch.PodsOn(state.Pending) : null;
            if (!batch || onBatch is not null)
            {
                return observation with { NewPodsTally = tally, PendingNewPods = onBatch };
            }
        }

        observation = observation with { NewPods = await watch.PodsAsync(cancellationToken).ConfigureAwait(false), NewPodsTally = watch.Tally() };
        return batch ? observation with { PendingNewPods = watch.PodsOn(state.Pending) } : observation;
    }

    private static async Task<RolloutOutcome?> ExecuteAsync(
        RolloutAction action, RolloutState before, RolloutObservation observation, RolloutPlan plan, IDaemonSetOperator cluster, IStageAnalyzer analyzer, TimeProvider time, Func<Task<bool>> holdLease, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case FinishAction finish:
                return finish.Outcome;
            case UpdateSpecAction update:
                await cluster.UpdateSpecAsync(update.Change, cancellationToken).ConfigureAwait(false);
                await Task.Delay(plan.Timings.PollInterval, time, cancellationToken).ConfigureAwait(false);
                break;
            case DeletePodsAction delete:
                foreach (var pod in delete.Pods)
                {
                    if (!await holdLease().ConfigureAwait(false))
                    {
                        return null; // another gate holds the Lease now: stop (the caller reports it)
                    }

                    await cluster.DeletePodAsync(pod, cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(plan.Timings.PollInterval, time, cancellationToken).ConfigureAwait(false);
                break;
            case CaptureBaselineAction:
                try
                {
                    await analyzer.CaptureBaselineAsync(Context(before, cluster.Target, observation.DaemonSet, observation.Now), cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A baseline that cannot be captured leaves the analyses without one (HealthJudgeAnalyzer: its signals inconclusive), not a crash.
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                }

                break;
        }

        return null;
    }

    private static StageAnalysisContext Context(RolloutState state, DaemonSetRef target, DaemonSetSnapshot daemonSet, DateTimeOffset now)
    {
        var stageCount = Math.Max(1, state.StageTargets.Count);
        var updated = state.StageTargets.Count == 0 ? 0
            : state.Stage >= stageCount - 1 ? daemonSet.DesiredNumberScheduled
            : Math.Min(state.StageTargets[state.Stage], daemonSet.DesiredNumberScheduled);
        return new StageAnalysisContext(
            target, state.Stage, stageCount, updated, daemonSet.DesiredNumberScheduled, state.NewRevision?.Hash, state.BakeStartedAt ?? state.StageStartedAt ?? now, now);
    }

    private static RolloutProgress Progress(RolloutDecision decision, RolloutObservation observation, TimeSpan bake)
    {
        var s = decision.State;
        var newPods = observation.NewPods ?? observation.AllPods?.Where(p => p.RevisionHash == s.NewRevision?.Hash).ToList() ?? [];
        var total = observation.DaemonSet.DesiredNumberScheduled;
        var stageTarget = s.StageTargets.Count == 0 ? 0 : s.Stage >= s.StageTargets.Count - 1 ? total : Math.Min(total, s.StageTargets[s.Stage]);
        TimeSpan? bakeLeft = s.Phase == RolloutPhase.Baking && s.BakeStartedAt is { } start
            ? TimeSpan.FromTicks(Math.Max(0, (start + bake - observation.Now).Ticks)) : null;
        return new RolloutProgress
        {
            Phase = s.Phase,
            Stage = s.Stage,
            StageCount = s.StageTargets.Count,
            StageTarget = stageTarget,
            Updated = observation.NewPodsTally?.Live ?? newPods.Count(p => !p.Terminating),
            Ready = observation.NewPodsTally?.Ready ?? newPods.Count(p => p.Ready && !p.Terminating),
            Total = total,
            BakeRemaining = bakeLeft,
            Verdict = s.LastVerdict,
            Activity = decision.Action.Activity,
        };
    }

    private static async Task RemoveCanaryQuietlyAsync(ICanaryFlowSchemas? schemas, DaemonSetRef target)
    {
        if (schemas is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await schemas.RemoveAsync(CanaryFlowSchema.NameFor(target), target.ToString(), timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort: a left-over schema only labels the agent's requests; the next run removes it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static async Task ReleaseQuietlyAsync(IDaemonSetOperator cluster, string holder)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await cluster.ReleaseLeaseAsync(holder, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Releasing is best effort: the Lease expires on its own.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
