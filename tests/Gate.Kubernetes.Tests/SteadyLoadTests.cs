using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;
using Xunit.Abstractions;

namespace Gate.Kubernetes.Tests;

/// <summary>The gate's own API load at 5,000 and 100,000 fake nodes, measured from the request log on the engine's clock.</summary>
public sealed class SteadyLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_FiveThousandNodes_BakesAtNoMoreThanOneRequestPerSecondWithinRbac()
    {
        var (h, bake, requests) = await CanaryBakeAsync(5000, onBake: null);
        await using (h)
        {
            Assert.InRange(bake.Rate, 0.05, 1.0);
            AssertFollowedByWatchWithinRbac(h, requests);
        }
    }

    [Fact]
    public async Task RunAsync_HundredThousandPods_FollowsByWatchAtNoMoreThanOneRequestPerSecondAndRelistsOnceAfterGone()
    {
        // the history is compacted as the bake starts: the next resume of the watch gets 410 Gone and lists once (no
        // BOOKMARK comes in between to move the watch past the compaction: bookmarks are every hour here)
        var (h, bake, requests) = await CanaryBakeAsync(100_000, onBake: c => c.CompactPodHistory(), bookmarks: TimeSpan.FromHours(1));
        await using (h)
        {
            Assert.InRange(bake.Rate, 0.05, 1.0);
            AssertFollowedByWatchWithinRbac(h, requests);
            var canary = requests.Where(r => r.Resource == "pods" && r.LabelSelector?.Contains("controller-revision-hash=", StringComparison.Ordinal) == true).ToList();
            var gone = Assert.Single(canary, r => r.Fault == "Expired");
            Assert.Equal(410, gone.Status);
            Assert.Equal(2, canary.Count(r => r.Verb == "list")); // the initial list and one relist, after the 410
            Assert.Single(canary, r => r.Verb == "list" && r.Time >= gone.Time);
            Assert.Contains(canary, r => r.Verb == "watch" && r.Time > gone.Time); // resumed from the relist
            // between relists the watch only resumes when the server ends it (timeoutSeconds=300)
            Assert.InRange(canary.Count(r => r.Verb == "watch" && r.Time >= bake.Start && r.Time < bake.End), 1, 6);
        }
    }

    [Fact]
    public void Decide_BakingWithManyCanaryPods_PollsAtThePollIntervalWhateverTheFleet()
    {
        var plan = new RolloutPlan { Intent = RolloutIntent.Resume, Holder = "gate-a", Bake = TimeSpan.FromHours(1) };
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = new RolloutState { RunId = "r", Phase = RolloutPhase.Baking, Target = "image x", Stage = 3, StageTargets = [1, 1000, 10000, 50000, 100000], BakeStartedAt = now };
        var daemonSet = new DaemonSetSnapshot { ResourceVersion = "1", Strategy = UpdateStrategySpec.OnDelete, DesiredNumberScheduled = 100000 };

        TimeSpan DelayWith(int pods)
        {
            var newPods = Enumerable.Range(0, pods).Select(i => new AgentPod($"p{i}", $"n{i}", "h", Ready: true, Restarts: 0)).ToList();
            var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = now, DaemonSet = daemonSet, NewPods = newPods }, plan);
            return Assert.IsType<WaitAction>(decision.Action).Delay;
        }

        // the pods come from a watch, so reading them costs nothing and the bake is not polled more slowly at scale
        Assert.Equal(TimeSpan.FromSeconds(5), DelayWith(1));
        Assert.Equal(TimeSpan.FromSeconds(5), DelayWith(50000));
    }

    /// <summary>Rolls a new image out to one canary node of <paramref name="nodes"/> and measures its 15-minute bake.</summary>
    private async Task<(RolloutHarness Harness, (DateTimeOffset Start, DateTimeOffset End, double Rate) Bake, IReadOnlyList<ApiRequest> Requests)> CanaryBakeAsync(int nodes, Action<FakeCluster>? onBake, TimeSpan? bookmarks = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var h = await RolloutHarness.StartAsync(nodes: nodes, factor: 200, startReady: true);
        // the fake's DaemonSet controller reconciles every node on each write: seconds at 100,000 nodes on a busy machine
        h.DefaultRetry = h.DefaultRetry with { AttemptTimeout = TimeSpan.FromSeconds(10) };
        h.Server.BookmarkInterval = bookmarks ?? h.Server.BookmarkInterval;
        output.WriteLine($"{nodes:N0} nodes and agent pods set up in {watch.ElapsedMilliseconds} ms");
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        using var stop = new CancellationTokenSource();
        // a long bake: the observation that lists the whole fleet (pages of 500) takes seconds of real time on a busy
        // machine, which the accelerated clock turns into minutes
        // and the fake's controller replaces the canary pod in seconds of real time there, which 200× makes more than
        // the default 5-minute ready timeout: this test measures the bake, not how fast the fake starts a pod
        var plan = h.Plan(stages: "1") with { Bake = TimeSpan.FromMinutes(15) };
        plan = plan with { Timings = plan.Timings with { ReadyTimeout = TimeSpan.FromHours(2) } };
        var run = h.RunAsync(plan, progress: p =>
        {
            var now = h.Time.GetUtcNow();
            if (p.Phase == RolloutPhase.Baking && start is null)
            {
                start = now;
                onBake?.Invoke(h.Cluster);
            }
            else if (p.Phase == RolloutPhase.Analyzing && start is not null && end is null)
            {
                end = now;
            }
            else if (p.Stage == 1)
            {
                stop.Cancel(); // stage 2 is every node: the canary stage's bake is what this test measures
            }
        }, cancellationToken: stop.Token);
        try
        {
            var ended = await run;
            Assert.Fail($"the rollout ended before its second stage: {ended.Kind}: {ended.Reason}");
        }
        catch (OperationCanceledException)
        {
            // stopped at stage 2, as intended
        }

        output.WriteLine($"rollout ran {watch.ElapsedMilliseconds} ms (real time, with set-up)");
        var requests = h.Server.Requests;
        Assert.NotNull(start);
        Assert.NotNull(end);
        var window = end.Value - start.Value;
        var inWindow = requests.Count(r => r.Time >= start && r.Time < end.Value);
        var rate = inWindow / window.TotalSeconds;
        output.WriteLine($"stage 1 bake: {inWindow} requests in {window.TotalSeconds:F0} s = {rate:F3} req/s");
        output.WriteLine($"whole run: {requests.Count} requests; " + string.Join(", ", requests.GroupBy(r => r.Verb + " " + r.Resource + (r.Fault is null ? string.Empty : " " + r.Fault)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        // the window opens once the stage's pods were seen Ready (the bake timer started when that observation did) and
        // closes at the first step after the bake; at 200× a step that takes half a second of real time on a busy
        // machine (the fake's controller walks 100,000 pods on each write) is 100 s of the engine's clock
        Assert.InRange(window.TotalSeconds, 60, 15 * 60 + 180);
        return (h, (start.Value, end.Value, rate), requests);
    }

    private static void AssertFollowedByWatchWithinRbac(RolloutHarness h, IReadOnlyList<ApiRequest> requests)
    {
        Assert.DoesNotContain(requests, r => r.IsClusterWidePodList);
        Assert.All(requests.Where(r => r.Resource == "pods" && r.Verb == "list"), r =>
            Assert.True(
                (r.LabelSelector?.StartsWith("app=node-agent", StringComparison.Ordinal) == true && r.Query.Contains("limit=500", StringComparison.Ordinal))
                || r.FieldSelector?.StartsWith("spec.nodeName=", StringComparison.Ordinal) == true,
                r.ToString()));
        var watches = requests.Where(r => r.Resource == "pods" && r.Verb == "watch").ToList();
        Assert.NotEmpty(watches);
        Assert.All(watches, r =>
        {
            Assert.StartsWith("app=node-agent,controller-revision-hash=", r.LabelSelector, StringComparison.Ordinal);
            Assert.Contains("allowWatchBookmarks=true", r.Query, StringComparison.Ordinal);
            Assert.Matches("resourceVersion=[1-9][0-9]*", r.Query);
        });
        Assert.All(requests.Where(r => r.Resource == "nodes" && r.Verb == "list"), r => Assert.Contains("limit=500", r.Query, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.True(h.Server.Rbac!.Allows(r), "outside deploy/gate-rbac.yaml: " + r));
        Assert.DoesNotContain(requests, r => r.Status == 403);
    }
}
