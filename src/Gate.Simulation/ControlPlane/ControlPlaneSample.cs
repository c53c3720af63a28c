namespace Gate.Simulation.ControlPlane;

/// <summary>The control plane at one sampling instant (every 10 simulated seconds), for charts and summaries.</summary>
public sealed record ControlPlaneSample
{
    public required double Seconds { get; init; }

    /// <summary>API server replicas serving.</summary>
    public required int ReplicasUp { get; init; }

    /// <summary>Highest RSS of a replica as a fraction of its memory limit.</summary>
    public required double MaxMemoryFraction { get; init; }

    /// <summary>CPU used by the API servers over the last interval as a fraction of their cores.</summary>
    public required double CpuFraction { get; init; }

    /// <summary>429 responses per second over the last interval.</summary>
    public required double RejectionsPerSecond { get; init; }

    /// <summary>Requests answered OK per second over the last interval.</summary>
    public required double OkPerSecond { get; init; }

    /// <summary>Agent pods running the newest revision of the simulated DaemonSet(s).</summary>
    public required int AgentsOnNewRevision { get; init; }

    /// <summary>Requests waiting in APF queues (all priority levels of the replicas serving) at the sampling instant.</summary>
    public int ApfQueued { get; init; }

    /// <summary>p99 latency of the non-WATCH requests answered over the last interval, seconds (null: none answered).</summary>
    public double? RequestP99Seconds { get; init; }

    /// <summary><c>ok</c>, <c>cached</c> (serving cached records, API lost) or <c>failing</c>.</summary>
    public required string Dns { get; init; }
}
