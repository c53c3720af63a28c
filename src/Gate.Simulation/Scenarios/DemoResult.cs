using Gate.Core.Cost;
using Gate.Core.Rollout;

namespace Gate.Simulation.Scenarios;

/// <summary>The three runs of <c>gate demo</c> and whether they behaved as the demo expects.</summary>
public sealed record DemoResult
{
    public required int Nodes { get; init; }

    /// <summary>The simulated cluster (its control plane is described from it).</summary>
    public required ClusterProfile Profile { get; init; }

    /// <summary>The seed of the three runs.</summary>
    public required int Seed { get; init; }

    public required WithoutGateResult WithoutGate { get; init; }

    public required WithGateResult WithGate { get; init; }

    /// <summary>The fixed agent (<see cref="DemoAgents.NodeScoped"/>) rolled out through the gate.</summary>
    public required WithGateResult Fixed { get; init; }

    /// <summary>
    /// True when the agent collapsed the control plane without the gate (OOM, then DNS failure), the gate caught it
    /// at stage 1 with at most 1 % of nodes on it, no OOM, and no node left on it, and the fixed agent was promoted
    /// to every node without an OOM kill or a rejected request.
    /// </summary>
    public bool AsExpected =>
        WithoutGate.Outcome == ControlPlaneOutcome.Collapsed && WithoutGate.FirstOomSeconds is not null && WithoutGate.DnsFailureSeconds is not null
        && WithGate.Outcome == RolloutOutcomeKind.RolledBack && WithGate.DetectedAtStage == 1 && WithGate.MaxNodesOnNewRevision <= Math.Max(1, Nodes / 100)
        && WithGate.OomKills == 0 && WithGate.FinalNodesOnNewRevision == 0
        && Fixed.Outcome == RolloutOutcomeKind.Promoted && Fixed.FinalNodesOnNewRevision == Nodes && Fixed.OomKills == 0 && Fixed.Rejections == 0;

    /// <summary>
    /// Runs the demo: <see cref="DemoAgents"/> on <paramref name="nodes"/> nodes. The three runs are independent
    /// simulations (each single-threaded and seeded), so they run in parallel; the result does not depend on it.
    /// </summary>
    public static DemoResult Run(int nodes = 5000, int seed = 42)
    {
        var profile = SimulationProfiles.ForNodes(nodes);
        var options = new SimulationOptions { Seed = seed };
        var fixedRun = Task.Run(() => ScenarioRunner.RunWithGate(profile, DemoAgents.Current, DemoAgents.NodeScoped, options));
        var withGate = Task.Run(() => ScenarioRunner.RunWithGate(profile, DemoAgents.Current, DemoAgents.ClusterWideLister, options));
        var withoutGate = ScenarioRunner.RunWithoutGate(profile, DemoAgents.ClusterWideLister, options);
        return new DemoResult
        {
            Nodes = nodes,
            Profile = profile,
            Seed = seed,
            WithoutGate = withoutGate,
            WithGate = withGate.GetAwaiter().GetResult(),
            Fixed = fixedRun.GetAwaiter().GetResult(),
        };
    }
}
