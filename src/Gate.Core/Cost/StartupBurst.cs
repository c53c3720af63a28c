namespace Gate.Core.Cost;

/// <summary>
/// The burst when a rollout stage starts <see cref="Agents"/> replicas at once: every initial LIST/GET arrives in the
/// same APF flow (all replicas share one ServiceAccount).
/// </summary>
public sealed record StartupBurst
{
    public required int Agents { get; init; }

    public required double Requests { get; init; }

    public required double Seats { get; init; }

    public required double Bytes { get; init; }

    public required double CpuSeconds { get; init; }

    /// <summary>Transient memory on one API server while the burst executes, bytes.</summary>
    public required double PeakMemoryBytes { get; init; }

    /// <summary>Seconds to serve the burst: the larger of CPU-seconds / cores and seat-seconds / ceiling seats.</summary>
    public required double DrainSeconds { get; init; }

    /// <summary>Requests that find neither a seat nor room in the flow's queues (rejected with 429 at first).</summary>
    public required double RejectedRequests { get; init; }

    /// <summary>Most agents that can start at once with no request rejected (null when the workload makes no start-up requests).</summary>
    public int? MaxAgentsWithoutRejection { get; init; }
}
