using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Scenarios;

/// <summary>What happened when the agent started on every node at once.</summary>
public sealed record WithoutGateResult
{
    /// <summary>Collapsed (an API server was OOM-killed or stopped answering), degraded (429s) or healthy.</summary>
    public required ControlPlaneOutcome Outcome { get; init; }

    public required int Nodes { get; init; }

    /// <summary>Seconds from the rollout's start to the first 429, or null.</summary>
    public double? FirstRejectionSeconds { get; init; }

    /// <summary>Seconds from the rollout's start to the first OOM kill, or null.</summary>
    public double? FirstOomSeconds { get; init; }

    /// <summary>Seconds to the moment no API server was serving, or null.</summary>
    public double? AllDownSeconds { get; init; }

    /// <summary>Seconds to CoreDNS losing its watches (serving cached records), or null.</summary>
    public double? DnsCachedSeconds { get; init; }

    /// <summary>Seconds to DNS answering SERVFAIL, or null.</summary>
    public double? DnsFailureSeconds { get; init; }

    public int OomKills { get; init; }

    /// <summary>Highest number of agent pods running at once.</summary>
    public int PeakAgents { get; init; }

    /// <summary>Highest RSS of an API server replica as a fraction of its memory limit.</summary>
    public double PeakMemoryFraction { get; init; }

    /// <summary>Highest API server CPU use (all replicas, 10 s samples) as a fraction of their cores.</summary>
    public double PeakCpuFraction => Samples.Count == 0 ? 0 : Samples.Max(s => s.CpuFraction);

    /// <summary>Simulated seconds covered (from the rollout's start).</summary>
    public double SimulatedSeconds { get; init; }

    /// <summary>Timeline entries, seconds relative to the rollout's start.</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>Samples every 10 s, seconds relative to the rollout's start.</summary>
    public IReadOnlyList<ControlPlaneSample> Samples { get; init; } = [];
}
