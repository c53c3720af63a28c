using Gate.Core.Cost;
using Gate.Core.Rollout;
using Gate.Prometheus;
using Gate.Core.Agents;
using Gate.Simulation.ControlPlane;
using Gate.Simulation.Metrics;
using Gate.Simulation.Scenarios;

namespace Gate.Simulation.Tests;

public class SimulationTests
{
    [Fact]
    public void RunWithoutGate_SameSeed_SameTimeline()
    {
        var profile = SimulationProfiles.ForNodes(300);
        var first = ScenarioRunner.RunWithoutGate(profile, DemoAgents.ClusterWideLister, new SimulationOptions { Seed = 3 }, maxSeconds: 300);
        var second = ScenarioRunner.RunWithoutGate(profile, DemoAgents.ClusterWideLister, new SimulationOptions { Seed = 3 }, maxSeconds: 300);

        Assert.Equal(first.Timeline, second.Timeline);
        Assert.Equal(first.Samples, second.Samples);
    }

    [Fact]
    public void RunWithGate_ClusterWideListerOn2000Nodes_CaughtAtStageOneByProjectionAndRolledBack()
    {
        var profile = SimulationProfiles.ForNodes(2000);
        var result = ScenarioRunner.RunWithGate(profile, DemoAgents.Current, DemoAgents.ClusterWideLister);

        Assert.Equal(RolloutOutcomeKind.RolledBack, result.Outcome);
        Assert.Equal(1, result.DetectedAtStage);
        Assert.Equal(1, result.MaxNodesOnNewRevision);
        Assert.Equal(0, result.FinalNodesOnNewRevision);
        Assert.Equal(0, result.OomKills);
        var failing = Assert.Single(result.Analyses).Lines.Where(l => l.Contains(": fail", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(failing);
        Assert.All(failing, l => Assert.StartsWith("projection-", l, StringComparison.Ordinal));
    }

    [Fact]
    public void ScrapeMetrics_AfterRequests_ExposesApfMetricsWithFlowSchemaLabelsInPrometheusText()
    {
        var model = new ControlPlaneModel(SimulationProfiles.Testbed(), new SimulationOptions { SystemClients = false });
        var costs = new RequestCostModel(model.Profile);
        var cost = costs.Price(LoadExperiment.NodeScopedPodList(10));
        for (var i = 0; i < 5; i++)
        {
            model.Submit(cost.ToRequest(FlowClass.ServiceAccount("a", "system:serviceaccount:a:b", string.Empty), "agent", (_, _) => { }));
        }

        model.RunUntil(5);
        var samples = PrometheusTextParser.Parse(model.Replicas[0].ScrapeMetrics()!);

        var dispatched = Assert.Single(samples, s => s.Name == "apiserver_flowcontrol_dispatched_requests_total");
        Assert.Equal("service-accounts", dispatched.Label("flow_schema"));
        Assert.Equal("workload-low", dispatched.Label("priority_level"));
        Assert.Equal(5, dispatched.Value);
        Assert.Contains(samples, s => s.Name == "apiserver_request_duration_seconds_bucket" && s.Label("verb") == "LIST" && s.Label("le") == "+Inf" && s.Value == 5);
        Assert.Contains(samples, s => s.Name == "apiserver_flowcontrol_nominal_limit_seats" && s.Label("priority_level") == "workload-low" && s.Value == 245);
    }

    [Theory]
    [InlineData(30_000, PatternScope.Cluster, 10)]
    [InlineData(30_000, PatternScope.Node, 10)]
    [InlineData(150, PatternScope.Cluster, 2)]
    [InlineData(50, PatternScope.Cluster, 1)]
    public void ListSeats_FromCache_CountsEveryStoredObject(double stored, PatternScope scope, int seats)
    {
        var pattern = new AccessPattern { Verb = ApiVerb.List, Resource = "pods", Scope = scope };

        Assert.Equal(seats, RequestCostModel.ListSeats(pattern, stored, consistentListFromCache: true));
    }

    [Fact]
    public void PriorityLevels_WorkloadLowAt600Seats_UseTheEstimatesTable()
    {
        var model = new ControlPlaneModel(SimulationProfiles.Testbed(), new SimulationOptions { SystemClients = false });
        var low = ApfConfiguration.Limits(600);

        Assert.Same(ApfConfiguration.Bootstrap, model.PriorityLevels);
        Assert.Equal(245, low.NominalSeats);
        Assert.Equal(221, low.LendableSeats);
        Assert.Equal(10, low.MaxSeatsPerRequest);
    }

    [Fact]
    public void Borrowing_IdleServer_EveryLevelKeepsItsNominalSeats()
    {
        var model = new ControlPlaneModel(SimulationProfiles.Testbed(), new SimulationOptions { SystemClients = false });

        model.RunUntil(35);
        var limits = PrometheusTextParser.Parse(model.Replicas[0].ScrapeMetrics()!).Where(s => s.Name == "apiserver_flowcontrol_current_limit_seats").ToList();

        // Seats nobody borrows stay with their level (upstream hands out the whole server concurrency), so a burst
        // after a quiet period is not queued behind a limit shrunk to the level's floor.
        Assert.Equal(245, Assert.Single(limits, s => s.Label("priority_level") == "workload-low").Value);
        Assert.Equal(600, limits.Where(s => s.Label("priority_level") != "exempt").Sum(s => s.Value), 0);
    }
}
