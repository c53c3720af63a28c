using Gate.Core.Rollout;

namespace Gate.Core.Tests.Rollout;

public sealed class AgentPodTallyKeeperTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Change_RandomEventsOnAFewNodes_TallyAndLiveOnEqualAPassOverThePods(int seed)
    {
        // adds, changes (ready, restarts, crashloop, terminating) and deletions, two pods of one node at times
        var random = new Random(seed);
        var keeper = new AgentPodTallyKeeper();
        var pods = new Dictionary<string, AgentPod>(StringComparer.Ordinal);
        long removals = 0;
        for (var step = 0; step < 2_000; step++)
        {
            var name = "agent-" + random.Next(12);
            var before = pods.GetValueOrDefault(name);
            AgentPod? after = random.Next(5) == 0
                ? null
                : new AgentPod(
                    name,
                    before is not null && random.Next(4) > 0 ? before.NodeName : "node-" + random.Next(6).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "h",
                    Ready: random.Next(2) == 0,
                    Restarts: random.Next(3) == 0 ? 1 : 0,
                    Terminating: random.Next(6) == 0,
                    CrashLooping: random.Next(8) == 0);
            keeper.Change(before, after);
            removals += before is { Terminating: false } && after is not { Terminating: false } ? 1 : 0;
            if (after is null)
            {
                pods.Remove(name);
            }
            else
            {
                pods[name] = after;
            }

            var kept = keeper.Tally();
            var counted = AgentPodTally.Of(pods.Values);
            Assert.Equal((counted.Live, counted.Ready, counted.Nodes, removals), (kept.Live, kept.Ready, kept.Nodes, kept.Removals));
            Assert.Equal(counted.Restarted.Select(p => p.Name).Order(), kept.Restarted.Select(p => p.Name).Order());
            foreach (var node in Enumerable.Range(0, 6).Select(i => "node-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                Assert.Equal(
                    pods.Values.Where(p => !p.Terminating && p.NodeName == node).Select(p => p.Name).Order(),
                    keeper.LiveOn(node).Select(p => p.Name).Order());
            }
        }
    }
}
