using Gate.Core.Agents;
using Gate.Simulation.Clients;
using Gate.Simulation.ControlPlane;
using Gate.Simulation.Engine;
using Gate.Simulation.Scenarios;

namespace Gate.Simulation.Tests;

public class CohortTests
{
    [Fact]
    public void MemberTimers_SameTimeRescheduleAndCancel_FireOncePerMemberInScheduleOrder()
    {
        var simulator = new Simulator(1);
        var fired = new List<(int Member, double At)>();
        var timers = new MemberTimers(simulator, 4, m => fired.Add((m, simulator.Now)));

        timers.Schedule(2, 5);
        timers.Schedule(0, 5);
        timers.Schedule(1, 3);
        timers.Schedule(1, 7); // replaces 3
        timers.Schedule(3, 4);
        timers.Cancel(3);
        simulator.RunUntil(10);

        Assert.Equal([(2, 5.0), (0, 5.0), (1, 7.0)], fired);
    }

    [Fact]
    public void InformerCohort_ReplicaKilled_OnlyItsWatchersRelistEachAfterItsOwnBackoff()
    {
        const int members = 300;
        var model = new ControlPlaneModel(SimulationProfiles.ForNodes(1_000), new SimulationOptions { SystemClients = false });
        var costs = new RequestCostModel(model.Profile);
        var watch = new AccessPattern { Verb = ApiVerb.Watch, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$NODE" };
        var list = costs.Price(watch with { Verb = ApiVerb.List, ResourceVersion = "0" });
        var open = costs.Price(watch);
        var flow = new FlowClass("service-accounts", "workload-low", "agent");
        var listedAt = new List<(int Member, double At)>();
        var cohort = new InformerCohort(
            model,
            (m, done) =>
            {
                listedAt.Add((m, model.Simulator.Now));
                return list.ToRequest(flow, "agent", done);
            },
            (_, done) => open.ToRequest(flow, "agent", done),
            open.WatchCores,
            new ClientStats(),
            members);
        var replicas = model.Replicas;
        for (var m = 0; m < members; m++)
        {
            cohort.StartWatching(m, replicas[m % replicas.Count]);
        }

        Assert.Equal(members, replicas.Sum(model.WatchCount));
        model.RunUntil(100);
        var killedAt = model.Simulator.Now;
        replicas[0].Kill("test");
        model.RunUntil(killedAt + 0.5);

        var onKilled = Enumerable.Range(0, members).Where(m => m % replicas.Count == 0).ToList();
        Assert.Equal(0, model.WatchCount(replicas[0]));
        Assert.Equal(members - onKilled.Count, cohort.Synced);
        Assert.Empty(listedAt);

        model.RunUntil(killedAt + 10);
        Assert.Equal(members, cohort.Synced);
        Assert.Equal(onKilled, listedAt.Select(l => l.Member).Order());
        // client-go's first backoff step, 0.8 s with jitter 1.0: each member waits its own 0.8–1.6 s
        Assert.All(listedAt, l => Assert.InRange(l.At - killedAt, 0.8, 1.6));
        Assert.True(listedAt.Select(l => l.At).Distinct().Count() > onKilled.Count * 9 / 10, "the relists are spread, not one burst");
        Assert.Equal(members, replicas.Sum(model.WatchCount));
    }

    [Fact]
    public void AgentCohort_AgainstOneAgentInstancePerPod_SameRequestsBytesAndWatches()
    {
        const int pods = 400;
        var workload = DemoAgents.NodeScoped;
        (double Ok, double Bytes, int Watches, int WatchesAfterHalfLeft) Run(bool cohorts)
        {
            var model = new ControlPlaneModel(SimulationProfiles.ForNodes(1_000), new SimulationOptions { SystemClients = false, Seed = 3 });
            var costs = new RequestCostModel(model.Profile);
            var stats = new ClientStats();
            var cohort = new AgentCohort(model, costs, workload, stats, pods);
            var instances = new AgentInstance?[pods];
            for (var pod = 0; pod < pods; pod++)
            {
                var start = pod * 0.05;
                var member = pod;
                model.Simulator.At(start, () =>
                {
                    if (cohorts)
                    {
                        cohort.Join(member, start);
                    }
                    else
                    {
                        instances[member] = new AgentInstance(model, costs, workload, stats);
                        instances[member]!.Start(start);
                    }
                });
            }

            model.RunUntil(900);
            var result = (model.OkTotal, model.ReadBytes("agent"), model.Replicas.Sum(model.WatchCount), 0);
            for (var pod = 0; pod < pods; pod += 2)
            {
                if (cohorts)
                {
                    cohort.Leave(pod);
                }
                else
                {
                    instances[pod]!.Stop();
                }
            }

            return result with { Item4 = model.Replicas.Sum(model.WatchCount) };
        }

        var perPod = Run(cohorts: false);
        var cohort = Run(cohorts: true);

        Assert.Equal(pods, perPod.Watches);
        Assert.Equal((pods, pods / 2), (cohort.Watches, cohort.WatchesAfterHalfLeft));
        Assert.InRange(cohort.Ok, perPod.Ok * 0.99, perPod.Ok * 1.01);
        Assert.InRange(cohort.Bytes, perPod.Bytes * 0.99, perPod.Bytes * 1.01);
    }
}
