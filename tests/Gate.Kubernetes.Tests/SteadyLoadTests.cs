using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;
using Xunit.Abstractions;

namespace Gate.Kubernetes.Tests;

/// <summary>The gate's own API load at 5,000 fake nodes, measured from the request log on the engine's clock.</summary>
public sealed class SteadyLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_FiveThousandNodes_BakesAtNoMoreThanOneRequestPerSecondWithinRbac()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var h = await RolloutHarness.StartAsync(nodes: 5000, factor: 200, startReady: true);
        output.WriteLine($"5,000 nodes and agent pods set up in {watch.ElapsedMilliseconds} ms");
        var bakes = new Dictionary<int, (DateTimeOffset Start, DateTimeOffset? End)>();
        using var stop = new CancellationTokenSource();
        // a long bake: the observation that sees the canary Ready (20 LIST pages at 5,000 nodes) takes a few seconds of
        // real time on a busy machine, which the accelerated clock turns into minutes of the bake
        var plan = h.Plan(stages: "1") with { Bake = TimeSpan.FromMinutes(15) };

        var run = h.RunAsync(plan, progress: p =>
        {
            var now = h.Time.GetUtcNow();
            if (p.Phase == RolloutPhase.Baking && !bakes.ContainsKey(p.Stage))
            {
                bakes[p.Stage] = (now, null);
            }
            else if (p.Phase == RolloutPhase.Analyzing && bakes.TryGetValue(p.Stage, out var bake) && bake.End is null)
            {
                bakes[p.Stage] = (bake.Start, now);
            }
            else if (p.Stage == 1)
            {
                stop.Cancel(); // stage 2 is every node: the canary stage's bake is what this test measures
            }
        }, cancellationToken: stop.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        output.WriteLine($"rollout ran {watch.ElapsedMilliseconds} ms (real time, with set-up)");
        var requests = h.Server.Requests;
        Assert.Equal([0], bakes.Keys);
        foreach (var (stage, (start, end)) in bakes.OrderBy(b => b.Key))
        {
            Assert.NotNull(end);
            var window = end.Value - start;
            var inWindow = requests.Count(r => r.Time >= start && r.Time < end.Value);
            var rate = inWindow / window.TotalSeconds;
            output.WriteLine($"stage {stage + 1} bake: {inWindow} requests in {window.TotalSeconds:F0} s = {rate:F3} req/s");
            // the window opens once the stage's pods were seen Ready (the bake timer started when that observation did)
            Assert.InRange(window.TotalSeconds, 60, 901);
            Assert.InRange(rate, 0.05, 1.0);
        }

        output.WriteLine($"whole run: {requests.Count} requests; " + string.Join(", ", requests.GroupBy(r => r.Verb + " " + r.Resource).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        Assert.DoesNotContain(requests, r => r.IsClusterWidePodList);
        Assert.All(requests.Where(r => r.Resource == "pods" && r.Verb is "list" or "watch"), r =>
            Assert.True(
                (r.LabelSelector?.StartsWith("app=node-agent", StringComparison.Ordinal) == true && r.Query.Contains("limit=", StringComparison.Ordinal))
                || r.FieldSelector?.StartsWith("spec.nodeName=", StringComparison.Ordinal) == true,
                r.ToString()));
        Assert.All(requests.Where(r => r.Resource == "nodes" && r.Verb == "list"), r => Assert.Contains("limit=500", r.Query, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.True(h.Server.Rbac!.Allows(r), "outside deploy/gate-rbac.yaml: " + r));
        Assert.DoesNotContain(requests, r => r.Status == 403);
    }

    [Fact]
    public void Decide_BakingWithManyCanaryPods_StretchesThePollByListPages()
    {
        var plan = new RolloutPlan { Intent = RolloutIntent.Resume, Holder = "gate-a", Bake = TimeSpan.FromHours(1) };
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = new RolloutState { RunId = "r", Phase = RolloutPhase.Baking, Target = "image x", Stage = 3, StageTargets = [1, 50, 500, 2500, 5000], BakeStartedAt = now };
        var daemonSet = new DaemonSetSnapshot { ResourceVersion = "1", Strategy = UpdateStrategySpec.OnDelete, DesiredNumberScheduled = 5000 };

        TimeSpan DelayWith(int pods)
        {
            var newPods = Enumerable.Range(0, pods).Select(i => new AgentPod($"p{i}", $"n{i}", "h", Ready: true, Restarts: 0)).ToList();
            var decision = RolloutDecider.Decide(state, new RolloutObservation { Now = now, DaemonSet = daemonSet, NewPods = newPods }, plan);
            return Assert.IsType<WaitAction>(decision.Action).Delay;
        }

        Assert.Equal(TimeSpan.FromSeconds(5), DelayWith(1));
        Assert.Equal(TimeSpan.FromSeconds(5), DelayWith(500));
        Assert.Equal(TimeSpan.FromSeconds(25), DelayWith(2500)); // 5 pages every 25 s: one LIST page per poll interval
        Assert.Equal(TimeSpan.FromSeconds(50), DelayWith(5000));
    }
}
