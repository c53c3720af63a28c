namespace Gate.Core.Cost;

/// <summary>
/// The bootstrap APF priority levels (<c>k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go</c>) and the
/// limits they get at a server concurrency limit of <c>--max-requests-inflight + --max-mutating-requests-inflight</c>.
/// </summary>
public static class ApfConfiguration
{
    /// <summary>The level every ServiceAccount outside kube-system lands in (flow schema <c>service-accounts</c>).</summary>
    public const string WorkloadLow = "workload-low";

    private sealed record Level(string Name, int Shares, int LendablePercent, int Queues, int HandSize, int QueueLength);

    // exempt (0 shares) is part of the share sum but gets no seats.
    private static readonly Level[] Levels =
    [
        new("system", 30, 33, 64, 6, 50),
        new("node-high", 40, 25, 64, 6, 50),
        new("leader-election", 10, 0, 16, 4, 50),
        new("workload-high", 40, 50, 128, 6, 50),
        new(WorkloadLow, 100, 90, 128, 6, 50),
        new("global-default", 20, 50, 128, 6, 50),
        new("catch-all", 5, 0, 0, 0, 0),
    ];

    /// <summary>Names of the limited bootstrap priority levels.</summary>
    public static IReadOnlyList<string> LevelNames { get; } = [.. Levels.Select(l => l.Name)];

    /// <summary>Server concurrency limit with APF on: the sum of both inflight flags (default 400 + 200 = 600).</summary>
    public static int ServerConcurrencyLimit(ApiServerCapacity capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return capacity.MaxRequestsInflight + capacity.MaxMutatingRequestsInflight;
    }

    /// <summary>Limits of <paramref name="level"/> on one API server with this capacity.</summary>
    public static PriorityLevelLimits Limits(ApiServerCapacity capacity, string level = WorkloadLow) =>
        Limits(ServerConcurrencyLimit(capacity), level);

    /// <summary>Limits of <paramref name="level"/> at server concurrency limit <paramref name="serverConcurrencyLimit"/>.</summary>
    public static PriorityLevelLimits Limits(int serverConcurrencyLimit, string level = WorkloadLow)
    {
        var shareSum = Levels.Sum(l => l.Shares);
        var target = Array.Find(Levels, l => l.Name == level)
            ?? throw new ArgumentException($"unknown priority level '{level}'", nameof(level));
        int Nominal(Level l) => (int)Math.Ceiling(serverConcurrencyLimit * (double)l.Shares / shareSum);
        int Lendable(Level l) => (int)Math.Round(Nominal(l) * l.LendablePercent / 100.0, MidpointRounding.AwayFromZero);

        var nominal = Nominal(target);
        var othersLend = Levels.Where(l => l != target).Sum(Lendable);
        var perRequest = target.HandSize == 0
            ? 10
            : Math.Min(10, Math.Max(1, Math.Min((int)Math.Ceiling(0.15 * nominal), nominal / target.HandSize)));
        return new PriorityLevelLimits
        {
            Name = target.Name,
            NominalSeats = nominal,
            LendableSeats = Lendable(target),
            MaxSeatsPerRequest = perRequest,
            BorrowingCeilingSeats = nominal + othersLend,
            QueueCapacity = target.Queues * target.QueueLength,
            QueueCapacityPerFlow = target.HandSize * target.QueueLength,
        };
    }
}
