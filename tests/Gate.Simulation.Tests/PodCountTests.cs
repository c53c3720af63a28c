using Gate.Core.Rollout;
using Gate.Simulation.Cluster;
using Gate.Simulation.Gate;
using Gate.Simulation.Scenarios;

namespace Gate.Simulation.Tests;

/// <summary>The DaemonSet's counts kept as pods change equal a pass over every node's pod, at every change.</summary>
public class PodCountTests
{
    [Fact]
    public void Count_RollingUpdateThenDeletesAndRollback_EqualsAPassOverEveryPodAtEveryChange()
    {
        var cluster = new ClusterSimulation(SimulationProfiles.ForNodes(300), new SimulationOptions { SystemClients = false });
        var daemonSet = cluster.DaemonSet(DemoAgents.Current);
        daemonSet.StartAllRunning();
        var checks = 0;
        daemonSet.PodChanged += _ =>
        {
            AssertCountsMatchAPass(daemonSet);
            checks++;
        };
        AssertCountsMatchAPass(daemonSet);
        Assert.Equal((300, 300), daemonSet.Count(daemonSet.Revisions[0]));

        var first = daemonSet.Revisions[0];
        daemonSet.ApplyTemplate(DemoAgents.NodeScoped);
        daemonSet.Reconcile();
        cluster.RunUntil(cluster.Now + 20);
        for (var node = 0; node < 300; node += 7)
        {
            daemonSet.DeletePod(node);
        }

        cluster.RunUntil(cluster.Now + 5);
        daemonSet.SetUpdateRevision(first);
        daemonSet.Reconcile();
        cluster.RunUntil(cluster.Now + 600);

        AssertCountsMatchAPass(daemonSet);
        Assert.Equal((300, 300), daemonSet.Count(first));
        Assert.Equal((0, 0), daemonSet.Count(daemonSet.Revisions[1]));
        Assert.True(checks > 1200, $"{checks} changes seen");
    }

    [Fact]
    public void Tally_WatchOfTheNewRevisionThroughItsRollout_EqualsACountOfItsPodsAndItsLookupByNodeAtEveryRead()
    {
        var cluster = new ClusterSimulation(SimulationProfiles.ForNodes(300), new SimulationOptions { SystemClients = false });
        var daemonSet = cluster.DaemonSet(DemoAgents.Current, "OnDelete");
        daemonSet.StartAllRunning();
        var next = daemonSet.ApplyTemplate(DemoAgents.NodeScoped);
        using var watch = new SimulatedDaemonSetOperator(cluster.Model, daemonSet).WatchAgentPods(next.Hash);
        Assert.Null(watch.Tally());
        var reads = 0;
        daemonSet.PodChanged += _ =>
        {
            var pods = watch.PodsAsync(CancellationToken.None).Result;
            var counted = AgentPodTally.Of(pods);
            var tally = watch.Tally()!;
            Assert.Equal((counted.Live, counted.Ready, counted.Restarted.Count, counted.Nodes), (tally.Live, tally.Ready, tally.Restarted.Count, tally.Nodes));
            Assert.Same(tally, watch.TallyAsync(CancellationToken.None).Result);
            var byNode = watch.ByNode()!;
            Assert.All(Enumerable.Range(0, 300).Select(Clients.SystemClients.NodeName).Append("node-0001").Append("node-000007"), node =>
                Assert.Equal(pods.Where(p => p.NodeName == node), byNode[node]));
            reads++;
        };

        for (var node = 0; node < 300; node++)
        {
            daemonSet.DeletePod(node);
        }

        cluster.RunUntil(cluster.Now + 600);
        for (var node = 0; node < 300; node += 3)
        {
            daemonSet.DeletePod(node);
        }

        cluster.RunUntil(cluster.Now + 600);

        Assert.Equal((300, 300), (watch.Tally()!.Live, watch.Tally()!.Ready));
        Assert.Equal(100, watch.Tally()!.Removals); // the new pods deleted on every third node, counted once each
        Assert.True(reads > 1200, $"{reads} reads");
    }

    private static void AssertCountsMatchAPass(SimDaemonSet daemonSet)
    {
        var live = daemonSet.Pods.Where(p => p is not null && p.Phase != PodPhase.Terminating).Select(p => p!).ToList();
        foreach (var revision in daemonSet.Revisions)
        {
            var of = live.Where(p => p.Revision == revision).ToList();
            Assert.Equal((of.Count, of.Count(p => p.Ready)), daemonSet.Count(revision));
        }

        Assert.Equal(live.Count(p => p.Ready), daemonSet.ReadyPods);
    }
}
