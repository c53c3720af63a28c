namespace Gate.Simulation.ControlPlane;

/// <summary>How a priority level handles a request that does not fit: queue it, reject it, or never limit it.</summary>
public enum PriorityLevelKind
{
    Exempt,
    Queue,
    Reject,
}

/// <summary>
/// One APF PriorityLevelConfiguration and the limits derived from it for a server concurrency limit, as
/// <c>apf_controller.go</c> computes them (docs/apiserver-cost.md, "API Priority and Fairness").
/// </summary>
public sealed record PriorityLevelSpec(
    string Name,
    PriorityLevelKind Kind,
    int Shares,
    int LendablePercent,
    int Queues,
    int HandSize,
    int QueueLengthLimit)
{
    /// <summary>The default priority levels of v1.31–v1.32 (<c>bootstrap/default.go</c>).</summary>
    public static IReadOnlyList<PriorityLevelSpec> Defaults { get; } =
    [
        new("exempt", PriorityLevelKind.Exempt, 0, 0, 0, 0, 0),
        new("system", PriorityLevelKind.Queue, 30, 33, 64, 6, 50),
        new("node-high", PriorityLevelKind.Queue, 40, 25, 64, 6, 50),
        new("leader-election", PriorityLevelKind.Queue, 10, 0, 16, 4, 50),
        new("workload-high", PriorityLevelKind.Queue, 40, 50, 128, 6, 50),
        new("workload-low", PriorityLevelKind.Queue, 100, 90, 128, 6, 50),
        new("global-default", PriorityLevelKind.Queue, 20, 50, 128, 6, 50),
        new("catch-all", PriorityLevelKind.Reject, 5, 0, 0, 0, 0),
    ];

    /// <summary><c>ceil(serverCL × shares / shareSum)</c>.</summary>
    public int NominalSeats(int serverConcurrency, int shareSum) =>
        (int)Math.Ceiling((double)serverConcurrency * Shares / shareSum);

    /// <summary><c>round(nominal × lendable% / 100)</c>, rounding half away from zero like Go's math.Round.</summary>
    public int LendableSeats(int nominal) =>
        (int)Math.Round(nominal * LendablePercent / 100.0, MidpointRounding.AwayFromZero);

    /// <summary>The per-request seat cap: <c>min(10, max(1, min(ceil(0.15 × nominal), nominal / handSize)))</c>.</summary>
    public int MaxSeats(int nominal) =>
        Kind != PriorityLevelKind.Queue
            ? 10
            : Math.Min(10, Math.Max(1, Math.Min((int)Math.Ceiling(0.15 * nominal), nominal / HandSize)));
}
