using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Rollout;

namespace Gate.Simulation.Scenarios;

/// <summary>One workload of <c>gate simulate</c>: what happened without the gate and/or with it.</summary>
public sealed record WorkloadSimulation
{
    /// <summary>The annotation that names a simulated template's image (the template's identity in the simulator).</summary>
    public const string ImageAnnotation = "gate.dev/image";

    public required Workload Workload { get; init; }

    /// <summary>The run without the gate (every node at once), or null when not asked for.</summary>
    public WithoutGateResult? WithoutGate { get; init; }

    /// <summary>The staged rollout through the gate, or null when not asked for.</summary>
    public WithGateResult? WithGate { get; init; }

    /// <summary>
    /// True when a run shows harm: without the gate the control plane collapsed or shed load (429s), or the gate did
    /// not promote the agent (rolled back, or stopped inconclusive).
    /// </summary>
    public bool Harmful =>
        WithoutGate is { Outcome: not ControlPlaneOutcome.Healthy } || WithGate is { Outcome: not RolloutOutcomeKind.Promoted };

    /// <summary>
    /// Simulates <paramref name="workload"/> (a per-node workload) on <paramref name="profile"/>. With the gate, the
    /// DaemonSet starts on a previous revision that makes no API calls (<see cref="PreviousRevision"/>) and the real
    /// rollout engine moves it to <paramref name="workload"/>.
    /// </summary>
    public static WorkloadSimulation Run(ClusterProfile profile, Workload workload, SimulationOptions options, bool withoutGate, bool withGate)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        var next = WithImage(workload, "new");
        return new WorkloadSimulation
        {
            Workload = workload,
            WithoutGate = withoutGate ? ScenarioRunner.RunWithoutGate(profile, next, options, maxSeconds: options.DnsCacheTtlSeconds + (10 * 60)) : null,
            WithGate = withGate ? ScenarioRunner.RunWithGate(profile, PreviousRevision(workload), next, options) : null,
        };
    }

    /// <summary>The revision the DaemonSet runs before the rollout: the same workload with no API calls.</summary>
    public static Workload PreviousRevision(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return WithImage(workload with { AccessPatterns = [] }, "previous");
    }

    /// <summary>
    /// The workload with a <see cref="ImageAnnotation"/>: its own when it has one (the previous revision gets
    /// <c>IMAGE (previous)</c>), else <c>NAME:TAG</c>.
    /// </summary>
    private static Workload WithImage(Workload workload, string tag)
    {
        var annotations = new Dictionary<string, string>(workload.Annotations, StringComparer.Ordinal);
        annotations[ImageAnnotation] = workload.Annotations.TryGetValue(ImageAnnotation, out var image)
            ? (tag == "new" ? image : $"{image} ({tag})")
            : $"{workload.Name}:{tag}";
        return workload with { Annotations = annotations };
    }
}
