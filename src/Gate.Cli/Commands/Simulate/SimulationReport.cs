using Gate.Core.Rollout;
using Gate.Core;
using Gate.Core.Cost;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Simulate;

/// <summary>What <c>gate simulate</c> found: the simulated cluster, the seed and one result per DaemonSet.</summary>
internal sealed record SimulationReport
{
    public required ClusterProfile Profile { get; init; }

    public required int Seed { get; init; }

    public required IReadOnlyList<WorkloadSimulation> Workloads { get; init; }

    /// <summary>1 when a run showed harm, else 4 when the gate stopped inconclusive, else 0.</summary>
    public int ExitCode =>
        Workloads.Any(w => w.WithoutGate is { Outcome: not ControlPlaneOutcome.Healthy } || w.WithGate is { Outcome: RolloutOutcomeKind.RolledBack }) ? ExitCodes.PolicyViolation
        : Workloads.Any(w => w.Harmful) ? ExitCodes.Inconclusive
        : ExitCodes.Pass;
}
