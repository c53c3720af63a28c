namespace Gate.Core.Fleet;

/// <summary>What the fleet does next.</summary>
public abstract record FleetStep
{
    /// <summary>The wave the step is about (null when finished).</summary>
    public FleetWave? Wave { get; init; }
}

/// <summary>Start the staged rollout on <see cref="Clusters"/> (the wave's clusters that have not started).</summary>
public sealed record StartWaveStep(IReadOnlyList<string> Clusters) : FleetStep;

/// <summary>The wave waits for <c>gate promote --fleet</c>.</summary>
public sealed record AwaitApprovalStep : FleetStep;

/// <summary>Clusters of the wave are still rolling out: observe again later.</summary>
public sealed record WaitForWaveStep(IReadOnlyList<string> Running) : FleetStep;

/// <summary>
/// A cluster of the wave failed: no later wave starts. <see cref="RollBack"/> lists the promoted clusters to roll back
/// (empty unless the failure policy is <see cref="FleetFailurePolicy.RollbackAll"/>).
/// </summary>
public sealed record StopFleetStep(IReadOnlyList<string> Failed, IReadOnlyList<string> RollBack) : FleetStep;

/// <summary>Every wave was promoted.</summary>
public sealed record FleetFinishedStep : FleetStep;

/// <summary>
/// The fleet state machine, pure: from the waves, each cluster's outcome so far, the failure policy and the highest
/// wave approved by <c>gate promote --fleet</c>, the next step. Waves run in order; a wave starts when every earlier
/// wave was promoted (and, when it pauses, once approved); a failure in any cluster stops the fleet once the clusters
/// still rolling out have finished their own rollouts (each is gated on its own).
/// </summary>
public static class FleetDecider
{
    public static FleetStep Decide(
        IReadOnlyList<FleetWave> waves,
        IReadOnlyDictionary<string, FleetClusterOutcome> outcomes,
        FleetFailurePolicy onFailure = FleetFailurePolicy.Stop,
        int approvedWave = 0)
    {
        ArgumentNullException.ThrowIfNull(waves);
        ArgumentNullException.ThrowIfNull(outcomes);
        var failedWave = waves.FirstOrDefault(w => w.Clusters.Any(c => Of(outcomes, c).IsFailure()));
        if (failedWave is not null)
        {
            // a failure anywhere (also one a restarted gate finds) starts nothing new; clusters still rolling out finish
            // their own gated rollouts first
            if (waves.FirstOrDefault(w => w.Clusters.Any(c => Of(outcomes, c) == FleetClusterOutcome.Running)) is { } busy)
            {
                return new WaitForWaveStep(busy.Clusters.Where(c => Of(outcomes, c) == FleetClusterOutcome.Running).ToList()) { Wave = busy };
            }

            var all = waves.SelectMany(w => w.Clusters).ToList();
            var rollBack = onFailure == FleetFailurePolicy.RollbackAll ? all.Where(c => Of(outcomes, c) == FleetClusterOutcome.Promoted).ToList() : [];
            return new StopFleetStep(all.Where(c => Of(outcomes, c).IsFailure()).ToList(), rollBack) { Wave = failedWave };
        }

        foreach (var wave in waves)
        {
            var running = wave.Clusters.Where(c => Of(outcomes, c) == FleetClusterOutcome.Running).ToList();
            if (running.Count > 0)
            {
                return new WaitForWaveStep(running) { Wave = wave };
            }

            var notStarted = wave.Clusters.Where(c => Of(outcomes, c) is FleetClusterOutcome.NotStarted or FleetClusterOutcome.RolledBackByFleet).ToList();
            if (notStarted.Count == 0)
            {
                continue;
            }

            var untouched = notStarted.Count == wave.Clusters.Count;
            return wave.PauseBefore && untouched && approvedWave < wave.Number
                ? new AwaitApprovalStep { Wave = wave }
                : new StartWaveStep(notStarted) { Wave = wave };
        }

        return new FleetFinishedStep();
    }

    private static FleetClusterOutcome Of(IReadOnlyDictionary<string, FleetClusterOutcome> outcomes, string cluster) =>
        outcomes.GetValueOrDefault(cluster, FleetClusterOutcome.NotStarted);
}
