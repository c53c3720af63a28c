namespace Gate.Core.Cost;

/// <summary>What a workload's load does to one API server.</summary>
public enum ServerOutcome
{
    /// <summary>Within CPU, seats and memory.</summary>
    Healthy,

    /// <summary>CPU or the priority level's seats saturate: requests queue, time out and get 429.</summary>
    Throttled,

    /// <summary>Transient LIST memory exceeds the API server's memory: the process is OOM-killed.</summary>
    OutOfMemory,
}

/// <summary>The load of one workload against one API server replica: memory, CPU and seats, steady and at start-up.</summary>
public sealed record ServerAssessment
{
    /// <summary>Outcome of the steady traffic.</summary>
    public required ServerOutcome Outcome { get; init; }

    /// <summary>Outcome of starting every replica at once.</summary>
    public required ServerOutcome StartupOutcome { get; init; }

    /// <summary>RSS of an idle API server holding the profile's objects (watch cache), bytes.</summary>
    public required double IdleMemoryBytes { get; init; }

    /// <summary>Idle RSS plus the steady transient peak, bytes.</summary>
    public required double SteadyMemoryBytes { get; init; }

    /// <summary>Idle RSS plus the start-up transient peak, bytes.</summary>
    public required double StartupMemoryBytes { get; init; }

    public required double MemoryLimitBytes { get; init; }

    /// <summary>Workload CPU per replica / cores per replica.</summary>
    public required double CpuUtilization { get; init; }

    /// <summary>Steady seat-seconds per second per replica / the level's borrowing ceiling.</summary>
    public required double SeatDemandOfCeiling { get; init; }

    /// <summary>LISTs in flight at once on one server at the steady peak.</summary>
    public required double ConcurrentLists { get; init; }

    /// <summary>Seats the workload's priority level can reach on one server (nominal + borrowed).</summary>
    public required int BorrowingCeilingSeats { get; init; }

    /// <summary>One sentence on the steady outcome.</summary>
    public required string Reason { get; init; }
}
