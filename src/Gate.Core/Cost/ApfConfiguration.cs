namespace Gate.Core.Cost;

/// <summary>
/// The bootstrap APF priority levels (<c>k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go</c>) and the
/// limits they get at a server concurrency limit of <c>--max-requests-inflight + --max-mutating-requests-inflight</c>.
/// </summary>
public static class ApfConfiguration
{
    /// <summary>The level every ServiceAccount outside kube-system lands in (flow schema <c>service-accounts</c>).</summary>
    public const string WorkloadLow = "workload-low";

    /// <summary>The level of kube-system ServiceAccounts (flow schema <c>kube-system-service-accounts</c>).</summary>
    public const string WorkloadHigh = "workload-high";

    /// <summary>
    /// The bootstrap FlowSchema and priority level a ServiceAccount's requests match when no cluster-specific schema
    /// matches first: <c>kube-system-service-accounts</c> → <c>workload-high</c> (precedence 900) for a ServiceAccount
    /// in kube-system, else <c>service-accounts</c> → <c>workload-low</c> (9000); <c>bootstrap/default.go</c>. The one
    /// place this rule lives: the estimate, the canary FlowSchema and the simulator all ask it.
    /// </summary>
    public static (string FlowSchema, string PriorityLevel) ServiceAccountSchema(string serviceAccountNamespace) =>
        serviceAccountNamespace == "kube-system" ? ("kube-system-service-accounts", WorkloadHigh) : ("service-accounts", WorkloadLow);

    /// <summary>
    /// The bootstrap priority levels (shares, lendable %, queues, hand size, queue length) of v1.29–v1.35: the one APF
    /// table of Gate. The estimate derives its limits from it and the simulator runs its levels with it.
    /// </summary>
    public static IReadOnlyList<BootstrapPriorityLevel> Bootstrap { get; } =
    [
        new("exempt", PriorityLevelKind.Exempt, 0, 0, 0, 0, 0),
        new("system", PriorityLevelKind.Queue, 30, 33, 64, 6, 50),
        new("node-high", PriorityLevelKind.Queue, 40, 25, 64, 6, 50),
        new("leader-election", PriorityLevelKind.Queue, 10, 0, 16, 4, 50),
        new(WorkloadHigh, PriorityLevelKind.Queue, 40, 50, 128, 6, 50),
        new(WorkloadLow, PriorityLevelKind.Queue, 100, 90, 128, 6, 50),
        new("global-default", PriorityLevelKind.Queue, 20, 50, 128, 6, 50),
        new("catch-all", PriorityLevelKind.Reject, 5, 0, 0, 0, 0),
    ];

    /// <summary>Names of the limited bootstrap priority levels.</summary>
    public static IReadOnlyList<string> LevelNames { get; } = [.. Bootstrap.Where(l => l.Kind != PriorityLevelKind.Exempt).Select(l => l.Name)];

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
        var shareSum = Bootstrap.Sum(l => l.Shares);
        var target = Bootstrap.FirstOrDefault(l => l.Name == level)
            ?? throw new ArgumentException($"unknown priority level '{level}'", nameof(level));
        int Nominal(BootstrapPriorityLevel l) => (int)Math.Ceiling(serverConcurrencyLimit * (double)l.Shares / shareSum);
        int Lendable(BootstrapPriorityLevel l) => (int)Math.Round(Nominal(l) * l.LendablePercent / 100.0, MidpointRounding.AwayFromZero);

        var nominal = Nominal(target);
        var othersLend = Bootstrap.Where(l => l != target).Sum(Lendable);
        var perRequest = target.Kind != PriorityLevelKind.Queue
            ? 10
            : Math.Min(10, Math.Max(1, Math.Min((int)Math.Ceiling(0.15 * nominal), nominal / target.HandSize)));
        return new PriorityLevelLimits
        {
            Name = target.Name,
            NominalSeats = nominal,
            LendableSeats = Lendable(target),
            MaxSeatsPerRequest = perRequest,
            BorrowingCeilingSeats = nominal + othersLend,
            QueueCapacity = target.Queues * target.QueueLengthLimit,
            QueueCapacityPerFlow = target.HandSize * target.QueueLengthLimit,
        };
    }
}

/// <summary>How a priority level handles a request that does not fit: queue it, reject it, or never limit it.</summary>
public enum PriorityLevelKind
{
    Exempt,
    Queue,
    Reject,
}

/// <summary>One bootstrap PriorityLevelConfiguration (<c>k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go</c>).</summary>
/// <param name="Name">The level's name.</param>
/// <param name="Kind">Exempt, queuing (<c>limitResponse.type: Queue</c>) or rejecting.</param>
/// <param name="Shares"><c>nominalConcurrencyShares</c>.</param>
/// <param name="LendablePercent"><c>lendablePercent</c>.</param>
/// <param name="Queues"><c>queuing.queues</c>.</param>
/// <param name="HandSize"><c>queuing.handSize</c>.</param>
/// <param name="QueueLengthLimit"><c>queuing.queueLengthLimit</c>.</param>
public sealed record BootstrapPriorityLevel(
    string Name, PriorityLevelKind Kind, int Shares, int LendablePercent, int Queues, int HandSize, int QueueLengthLimit);
