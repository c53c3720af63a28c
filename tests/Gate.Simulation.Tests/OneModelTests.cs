using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Simulation.Clients;
using Gate.Simulation.ControlPlane;
using Gate.Testing.Corpus;

namespace Gate.Simulation.Tests;

/// <summary>
/// The estimate and the simulator are one model: every reference corpus case, discovered from its manifests, run as a
/// fleet of simulated agents reads what the estimate says it reads, and the measured figure gives the estimate's
/// budget verdict. The simulated server is given room (cores, memory) so that what is measured is the agents'
/// demand, not what an overloaded server managed to answer.
/// </summary>
public sealed class OneModelTests
{
    private const double WindowStart = 300;
    private const double WindowEnd = 1500;

    public static TheoryData<string, int> CasesAndSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in LabelledCorpus.Reference)
        {
            foreach (var nodes in ReferenceLabeller.Sizes)
            {
                data.Add(c.Name, nodes);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndSizes))]
    public void Simulate_ReferenceCase_SteadyReadBytesWithin10PercentOfEstimateAndSameVerdict(string name, int nodes)
    {
        var workload = Assert.Single(WorkloadDiscovery.Discover(LabelledCorpus.Sources(LabelledCorpus.ReferenceCase(name))).Workloads);
        var profile = ClusterProfiles.ForNodes(nodes);
        var estimate = CostModel.Estimate(workload, profile);

        var measured = SteadyReadBytesPerSecond(workload, profile);

        var expected = estimate.Total.BytesPerSecond;
        Assert.True(
            Math.Abs(measured - expected) <= 0.10 * Math.Max(expected, 1),
            $"{name} at {nodes} nodes: simulated {measured:0} B/s, estimated {expected:0} B/s");
        var simulatedVerdict = CostBudget.Default.Evaluate(estimate.Total with { BytesPerSecond = measured }, profile.ApiServer).Exceeded;
        Assert.Equal(estimate.Budget!.Exceeded, simulatedVerdict);
    }

    /// <summary>Read bytes per second of the agents, measured over [<see cref="WindowStart"/>, <see cref="WindowEnd"/>].</summary>
    private static double SteadyReadBytesPerSecond(Workload workload, ClusterProfile profile)
    {
        var roomy = profile with
        {
            ApiServer = profile.ApiServer with { Cores = 1e6, MemoryBytesPerReplica = 1e18, MaxRequestsInflight = 1_000_000 },
        };
        var model = new ControlPlaneModel(roomy, new SimulationOptions { Seed = 11, SystemClients = false });
        var costs = new RequestCostModel(roomy);
        var stats = new ClientStats();
        var replicas = (int)CostModel.Replicas(workload, profile);
        for (var i = 0; i < replicas; i++)
        {
            new AgentInstance(model, costs, workload, stats).Start(0);
        }

        model.RunUntil(WindowStart);
        var before = model.ReadBytes("agent");
        model.RunUntil(WindowEnd);
        return (model.ReadBytes("agent") - before) / (WindowEnd - WindowStart);
    }
}
