using Gate.Core;
using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Kubernetes.Tests;

/// <summary>Whole rollouts through KubernetesClient against the loopback fake API server.</summary>
public sealed class RolloutEndToEndTests
{
    private const string OriginalStrategy = """{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}}""";

    // partition 0 is the same strategy as no partition (the gate leaves it once every pod is updated)
    private const string KruiseRestored = """{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"partition":0}}""";

    [Fact]
    public async Task RunAsync_HealthyImage_PromotesThroughAllStagesAndRestoresStrategy()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 30);
        var analyzer = new ScriptedAnalyzer();

        var outcome = await h.RunAsync(h.Plan(), analyzer);

        Assert.Equal(RolloutOutcomeKind.Promoted, outcome.Kind);
        Assert.Equal(ExitCodes.Pass, outcome.ExitCode);
        Assert.Equal(RolloutHarness.NewImage, h.Image());
        var byRevision = h.PodsByRevision();
        Assert.Single(byRevision);
        Assert.Equal(30, byRevision.Single().Value);
        Assert.Equal(outcome.State!.NewRevision!.Hash, byRevision.Single().Key);
        Assert.Equal(OriginalStrategy, h.StrategyJson());
        // 30 nodes: 1, 1% (=1, dropped), 10% = 3, 50% = 15, 100% = 30
        Assert.Equal([1, 3, 15, 30], analyzer.Analyses.Select(a => a.UpdatedNodes));
        Assert.Equal(1, analyzer.Baselines);
        Assert.Equal(RolloutPhase.Promoted, h.State()!.Phase);

        // the gate's own load, from the request log: label-selected pods only, all within the shipped RBAC
        var requests = h.Server.Requests;
        Assert.DoesNotContain(requests, r => r.IsClusterWidePodList);
        Assert.All(requests.Where(r => r.Resource == "pods" && r.Verb == "list"), r => Assert.StartsWith("app=node-agent", r.LabelSelector, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Equal(FakeKubeServer.GateUser, r.User));
        Assert.DoesNotContain(requests, r => r.Status == 403);
        // 30 pod deletions plus a bounded number of reads: far below one request per node per stage
        Assert.InRange(requests.Count, 30, 400);
    }

    [Fact]
    public async Task RunAsync_CrashloopingImage_RollsBackAtStageOneAndRestoresStrategy()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 30);
        var analyzer = new ScriptedAnalyzer();

        var outcome = await h.RunAsync(h.Plan(image: RolloutHarness.CrashImage), analyzer);

        Assert.Equal(RolloutOutcomeKind.RolledBack, outcome.Kind);
        Assert.Equal(ExitCodes.PolicyViolation, outcome.ExitCode);
        Assert.Contains("crashlooping", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(RolloutHarness.OldImage, h.Image());
        Assert.Equal(30, h.PodsByRevision()[outcome.State!.PreviousRevision!.Hash]);
        Assert.Equal(OriginalStrategy, h.StrategyJson());
        Assert.Empty(analyzer.Analyses);
        var podDeletes = h.Server.Requests.Where(r => r.Verb == "delete" && r.Resource == "pods").ToList();
        Assert.Equal(2, podDeletes.Count); // the one canary, then its replacement during the rollback
    }

    [Fact]
    public async Task RunAsync_UnhealthyAtStageOne_RollsBackWithNoNodeOnNewRevision()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 30);

        var outcome = await h.RunAsync(h.Plan(), ScriptedAnalyzer.UnhealthyAt(0));

        Assert.Equal(RolloutOutcomeKind.RolledBack, outcome.Kind);
        Assert.StartsWith("rolled back: unhealthy: apiserver p99", outcome.Reason, StringComparison.Ordinal);
        Assert.False(h.PodsByRevision().ContainsKey(outcome.State!.NewRevision!.Hash));
        Assert.Equal(RolloutHarness.OldImage, h.Image());
        Assert.Equal(OriginalStrategy, h.StrategyJson());
    }

    [Fact]
    public async Task RunAsync_InconclusivePastLimit_FailsClosedWithExitCode4()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 12);

        var outcome = await h.RunAsync(h.Plan(), new ScriptedAnalyzer(_ => StageVerdict.Inconclusive("prometheus returned no data")));

        Assert.Equal(RolloutOutcomeKind.Inconclusive, outcome.Kind);
        Assert.Equal(ExitCodes.Inconclusive, outcome.ExitCode);
        Assert.Equal(12, h.PodsByRevision()[outcome.State!.PreviousRevision!.Hash]);
    }

    [Fact]
    public async Task RunAsync_429sLongerThanTheOutageLimit_KeepsTryingThenRollsBackAndReleasesTheLease()
    {
        // issue #21: sustained 429s past the retry budget ended the process with the rollout half-way
        await using var h = await RolloutHarness.StartAsync(nodes: 6);
        DateTimeOffset? until = null;
        h.Server.Faults.Add(new FaultRule
        {
            Kind = FaultKind.TooManyRequests,
            RetryAfterSeconds = 1,
            Remaining = int.MaxValue,
            Match = r =>
            {
                if (until is null && r.Verb == "delete" && r.Resource == "pods")
                {
                    until = h.Time.GetUtcNow().AddMinutes(3); // the first canary is being replaced: overload for 3 minutes
                }

                return until is { } end && h.Time.GetUtcNow() < end;
            },
        });
        var plan = h.Plan(stages: "1,100%") with { Timings = h.Plan().Timings with { ApiOutageLimit = TimeSpan.FromMinutes(2) } };

        var outcome = await h.RunAsync(plan, new ScriptedAnalyzer());

        Assert.True(outcome.Kind == RolloutOutcomeKind.Inconclusive, outcome.Kind + ": " + outcome.Reason);
        Assert.StartsWith("rolled back: " + RolloutDecider.OutagePrefix + " for 2 min", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(RolloutPhase.RolledBack, h.State()!.Phase);
        Assert.Equal(6, h.PodsByRevision()[outcome.State!.PreviousRevision!.Hash]);
        Assert.Equal(RolloutHarness.OldImage, h.Image());
        Assert.True(h.Server.Requests.Count(r => r.Status == 429) > 20, "the gate kept trying through the overload");
        var after = await h.Operator().TryAcquireLeaseAsync(new LeaseRequest("gate-b", TimeSpan.FromSeconds(30), h.Time.GetUtcNow()), CancellationToken.None);
        Assert.True(after.Acquired);
    }

    [Fact]
    public async Task RunAsync_InjectedFaults_SurvivesAndPromotes()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 12);
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfterSeconds = 2, Remaining = 5, Match = r => r.Verb == "list" });
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.Conflict, Remaining = 3, Match = r => r.Verb == "patch" });
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.Conflict, Remaining = 2, Match = r => r.Verb == "update" && r.Resource == "daemonsets" });
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Remaining = 4, Match = r => r.Verb is "get" or "delete" });
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.Timeout, Remaining = 1, Match = r => r.Verb == "list" && r.Resource == "pods" });

        var outcome = await h.RunAsync(h.Plan(stages: "1,50%,100%"));

        Assert.True(outcome.Kind == RolloutOutcomeKind.Promoted, outcome.Reason);
        var injected = h.Server.Requests.Where(r => r.Fault is not null).GroupBy(r => r.Fault!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, injected["TooManyRequests"]);
        Assert.Equal(5, injected["Conflict"]);
        Assert.Equal(4, injected["ServerError"]);
        Assert.Equal(1, injected["Timeout"]);
        Assert.Single(h.PodsByRevision());
    }

    [Fact]
    public async Task RunAsync_TooManyRequestsWithRetryAfter_WaitsTheServersDelay()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 3);
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfterSeconds = 20, Remaining = 1, Match = r => r.Verb == "get" && r.Resource == "daemonsets" });

        var outcome = await h.RunAsync(h.Plan(stages: "100%"));

        Assert.Equal(RolloutOutcomeKind.Promoted, outcome.Kind);
        var dsGets = h.Server.Requests.Where(r => r.Verb == "get" && r.Resource == "daemonsets").ToList();
        Assert.Equal(429, dsGets[0].Status);
        // 20 s of the ×50 clock is 400 ms of real time; a system timer may fire a millisecond or so before the
        // stopwatch the clock reads, so allow half a second of accelerated time.
        Assert.True(dsGets[1].Time - dsGets[0].Time >= TimeSpan.FromSeconds(19.5), $"retried after {dsGets[1].Time - dsGets[0].Time}");
    }

    [Fact]
    public async Task RunAsync_GateKilledMidStage_AnotherGateResumesAfterTheLeaseExpires()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 20);
        using var kill = new CancellationTokenSource();
        var first = h.RunAsync(h.Plan("gate-a"), progress: p =>
        {
            if (p.Stage == 2 && p.Phase == RolloutPhase.Updating)
            {
                kill.Cancel();
            }
        }, cancellationToken: kill.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var killedAt = h.State()!;
        Assert.Equal(2, killedAt.Stage);

        var early = await h.RunAsync(h.Plan("gate-b", image: null, intent: RolloutIntent.Resume));
        Assert.Equal(RolloutOutcomeKind.LeaseHeld, early.Kind);
        Assert.Equal(ExitCodes.Environment, early.ExitCode);
        await Task.Delay(TimeSpan.FromSeconds(31), h.Time);

        var resumed = await h.RunAsync(h.Plan("gate-b", image: null, intent: RolloutIntent.Resume));

        Assert.Equal(RolloutOutcomeKind.Promoted, resumed.Kind);
        Assert.Equal(killedAt.RunId, resumed.State!.RunId);
        Assert.Equal(20, h.PodsByRevision()[resumed.State.NewRevision!.Hash]);
        Assert.Equal(OriginalStrategy, h.StrategyJson());
    }

    [Fact]
    public async Task RunAsync_TwoGatesContend_OnlyOneActs()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 10);

        var outcomes = await Task.WhenAll(h.RunAsync(h.Plan("gate-a")), h.RunAsync(h.Plan("gate-b")));

        Assert.Single(outcomes, o => o.Kind == RolloutOutcomeKind.Promoted);
        Assert.Single(outcomes, o => o.Kind == RolloutOutcomeKind.LeaseHeld);
        var actors = h.Server.Requests.Where(r => r.Verb is "delete" or "update" && r.Resource != "leases").Count();
        Assert.True(actors > 0);
    }

    [Fact]
    public async Task RunAsync_KruisePartition_PromotesAndRestoresStrategy()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 20, kruise: true);
        var analyzer = new ScriptedAnalyzer();

        var outcome = await h.RunAsync(h.Plan(stages: "1,10%,50%,100%"), analyzer);

        Assert.Equal(RolloutOutcomeKind.Promoted, outcome.Kind);
        Assert.Equal(20, h.PodsByRevision()[outcome.State!.NewRevision!.Hash]);
        Assert.Equal([1, 2, 10, 20], analyzer.Analyses.Select(a => a.UpdatedNodes));
        Assert.Equal(KruiseRestored, h.StrategyJson());
        Assert.DoesNotContain(h.Server.Requests, r => r.Verb == "delete" && r.Resource == "pods");
    }

    [Fact]
    public async Task RunAsync_KruiseCrashloop_RollsBackEveryPod()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 20, kruise: true);

        var outcome = await h.RunAsync(h.Plan(image: RolloutHarness.CrashImage));

        Assert.Equal(RolloutOutcomeKind.RolledBack, outcome.Kind);
        Assert.Equal(20, h.PodsByRevision()[outcome.State!.PreviousRevision!.Hash]);
        Assert.Equal(KruiseRestored, h.StrategyJson());
    }
}
