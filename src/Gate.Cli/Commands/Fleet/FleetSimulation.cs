using Gate.Core.Agents;
using Gate.Core.Fleet;
using Gate.Simulation;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Fleet;

/// <summary>One wave of a simulated fleet: the cluster's size and, when it started, its staged rollout.</summary>
internal sealed record SimulatedWave(int Number, int Nodes, FleetClusterOutcome Outcome, WithGateResult? Run);

/// <summary>One DaemonSet rolled out across the simulated fleet, wave by wave.</summary>
internal sealed record FleetWorkloadSimulation(Workload Workload, IReadOnlyList<SimulatedWave> Waves)
{
    /// <summary>The first wave that did not promote the agent, or null.</summary>
    public SimulatedWave? Stopped => Waves.FirstOrDefault(w => w.Outcome.IsFailure());
}

/// <summary>What <c>gate simulate --fleet</c> found.</summary>
internal sealed record FleetSimulationReport(IReadOnlyList<int> Sizes, int Seed, IReadOnlyList<FleetWorkloadSimulation> Workloads)
{
    /// <summary>1 when a wave was rolled back, else 4 when one stopped inconclusive, else 0.</summary>
    public int ExitCode =>
        Workloads.SelectMany(w => w.Waves).Any(w => w.Outcome == FleetClusterOutcome.RolledBack) ? Core.ExitCodes.PolicyViolation
        : Workloads.Any(w => w.Stopped is not null) ? Core.ExitCodes.Inconclusive
        : Core.ExitCodes.Pass;
}

/// <summary>
/// The fleet logic of <c>gate rollout --fleet</c> (<see cref="FleetDecider"/>) over simulated clusters: one cluster per
/// size, one wave per cluster, smallest first; each wave is the gate's staged rollout on a simulated cluster of that
/// size; the first wave that is not promoted stops the later ones.
/// </summary>
internal static class FleetSimulation
{
    public static FleetWorkloadSimulation Run(Workload workload, IReadOnlyList<int> sizes, SimulationOptions options, CancellationToken cancellationToken)
    {
        var ordered = sizes.Order().ToList();
        var waves = ordered.Select((n, i) => new FleetWave(i + 1, [Name(i)])).ToList();
        var outcomes = new Dictionary<string, FleetClusterOutcome>(StringComparer.Ordinal);
        var runs = new Dictionary<string, WithGateResult>(StringComparer.Ordinal);
        while (FleetDecider.Decide(waves, outcomes) is StartWaveStep start)
        {
            foreach (var cluster in start.Clusters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var nodes = ordered[start.Wave!.Number - 1];
                var run = WorkloadSimulation.Run(SimulationProfiles.ForNodes(nodes), workload, options, withoutGate: false, withGate: true).WithGate!;
                runs[cluster] = run;
                outcomes[cluster] = FleetOutcomes.Of(run.Outcome);
            }
        }

        return new FleetWorkloadSimulation(
            workload,
            waves.Select(w => new SimulatedWave(
                w.Number,
                ordered[w.Number - 1],
                outcomes.GetValueOrDefault(w.Clusters[0]),
                runs.GetValueOrDefault(w.Clusters[0]))).ToList());
    }


    private static string Name(int index) => "simulated-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
