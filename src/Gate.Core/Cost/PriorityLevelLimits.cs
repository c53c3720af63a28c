namespace Gate.Core.Cost;

/// <summary>
/// Concurrency limits of one APF priority level at a server concurrency limit, computed as upstream
/// <c>apf_controller.go</c> (<c>finishQueueSetReconfigsLocked</c>) does from the bootstrap configuration.
/// </summary>
public sealed record PriorityLevelLimits
{
    public required string Name { get; init; }

    /// <summary><c>ceil(serverCL × shares / shareSum)</c>.</summary>
    public required int NominalSeats { get; init; }

    /// <summary><c>round(nominal × lendablePercent / 100)</c>.</summary>
    public required int LendableSeats { get; init; }

    /// <summary>The floor others cannot borrow: nominal − lendable.</summary>
    public int MinimumSeats => NominalSeats - LendableSeats;

    /// <summary>Cap on one request's seats: <c>min(10, max(1, min(ceil(0.15 × nominal), nominal / handSize)))</c>.</summary>
    public required int MaxSeatsPerRequest { get; init; }

    /// <summary>
    /// Seats the level can use when every other level is idle: its nominal seats plus what the others lend
    /// (no bootstrap level sets <c>borrowingLimitPercent</c>).
    /// </summary>
    public required int BorrowingCeilingSeats { get; init; }

    /// <summary>Queues × queue length, or 0 for a rejecting level.</summary>
    public int QueueCapacity { get; init; }

    /// <summary>Requests one flow can queue: hand size × queue length (300 for workload-low).</summary>
    public int QueueCapacityPerFlow { get; init; }
}
