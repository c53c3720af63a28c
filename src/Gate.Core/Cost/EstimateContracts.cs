using Gate.Core.Agents;

namespace Gate.Core.Cost;

// Contracts between the cost model (issue 5) and its consumers: policies, reports, the rollout pre-flight and the
// simulator. The cost model fills them; consumers only read them. Keep the names: the JSON contract
// (schema gate.estimate/v1) is derived from them.

/// <summary>API server capacity of a cluster profile (all replicas together).</summary>
public sealed record ApiServerCapacity
{
    public int Replicas { get; init; } = 1;

    /// <summary>Cores across all API server replicas.</summary>
    public double Cores { get; init; }

    /// <summary>Memory of one API server replica, bytes.</summary>
    public double MemoryBytesPerReplica { get; init; }

    public int MaxRequestsInflight { get; init; } = 400;

    public int MaxMutatingRequestsInflight { get; init; } = 200;

    /// <summary>JSON LIST bytes one core serves per second (calibration: 251.8 MB cost 3.3 CPU-seconds ≈ 76 MB/s).</summary>
    public double BytesPerCoreSecond { get; init; } = 76e6;

    /// <summary>What the API servers can serve per second in JSON LIST bytes: <c>Cores × BytesPerCoreSecond</c>.</summary>
    public double ReadCapacityBytesPerSecond => Cores * BytesPerCoreSecond;
}

/// <summary>The cost of one access pattern, summed over every replica of the workload at one cluster size.</summary>
public sealed record PatternCost
{
    public required AccessPattern Pattern { get; init; }

    /// <summary>Steady request rate of the whole fleet (periodic requests and relists), req/s.</summary>
    public double RequestsPerSecond { get; init; }

    /// <summary>Objects in one response.</summary>
    public double ObjectsPerResponse { get; init; }

    /// <summary>Objects the server reads to build one response (etcd reads everything in the key range).</summary>
    public double ObjectsProcessed { get; init; }

    /// <summary>Bytes of one response in the pattern's encoding.</summary>
    public double BytesPerResponse { get; init; }

    /// <summary>APF seats of one request, as the upstream work estimator computes them.</summary>
    public int Seats { get; init; }

    /// <summary><c>watch-cache</c> or <c>etcd</c>.</summary>
    public string ServedFrom { get; init; } = "watch-cache";

    /// <summary>Why it is served there at the profile's Kubernetes version (<see cref="ServingRules"/>).</summary>
    public string ServedFromReason { get; init; } = string.Empty;

    /// <summary>Steady read volume of the fleet: periodic LIST/GET bytes plus watch event bytes, per second.</summary>
    public double BytesPerSecond { get; init; }

    /// <summary>Watch events per second delivered to the whole fleet.</summary>
    public double WatchEventsPerSecond { get; init; }

    /// <summary>API server CPU the fleet's steady traffic costs, cores.</summary>
    public double CpuCores { get; init; }

    /// <summary>Bytes served when every replica starts at once (initial LISTs and GETs).</summary>
    public double StartupBytes { get; init; }

    /// <summary>Seat-seconds per second the fleet's steady traffic occupies in its priority level.</summary>
    public double SeatSecondsPerSecond { get; init; }

    /// <summary>Bytes of one response on the wire (gzip above 128 KiB).</summary>
    public double WireBytesPerResponse { get; init; }

    /// <summary>HTTP requests of one response (pages of a paginated LIST; 1 otherwise).</summary>
    public double RequestsPerResponse { get; init; } = 1;

    /// <summary>Relists per second of the fleet after watch expiry (their requests are in <see cref="RequestsPerSecond"/>).</summary>
    public double RelistsPerSecond { get; init; }

    /// <summary>APF priority level the requests land in (<c>workload-low</c> unless the agent runs in kube-system).</summary>
    public string PriorityLevel { get; init; } = ApfConfiguration.WorkloadLow;

    /// <summary>
    /// Seat-seconds per second the pattern's watches add to the writers of the watched resource through the mutating
    /// work estimator (every write pays ceil(watchers / 10) seats × 5 ms): the quadratic term of cluster-wide watches.
    /// </summary>
    public double WriterSeatSecondsPerSecond { get; init; }

    /// <summary>Requests when every replica starts at once.</summary>
    public double StartupRequests { get; init; }

    /// <summary>Seats of those start-up requests.</summary>
    public double StartupSeats { get; init; }

    /// <summary>API server CPU seconds of those start-up requests.</summary>
    public double StartupCpuSeconds { get; init; }

    /// <summary>Transient memory of one in-flight response, bytes.</summary>
    public double TransientMemoryBytes { get; init; }
}

/// <summary>Totals of one workload at one cluster size.</summary>
public sealed record CostTotal
{
    public double RequestsPerSecond { get; init; }

    public double BytesPerSecond { get; init; }

    /// <summary>Fraction (0..1+) of the workload-low priority level's seat capacity consumed in steady state.</summary>
    public double SeatUtilization { get; init; }

    public double CpuCores { get; init; }

    /// <summary>Peak transient memory of concurrent LIST responses on one API server, bytes.</summary>
    public double PeakMemoryBytes { get; init; }

    /// <summary>Bytes served when every replica starts at once.</summary>
    public double StartupBytes { get; init; }

    /// <summary>Start-up requests that hit the priority level at once (one per replica per initial list/get).</summary>
    public double StartupRequests { get; init; }

    /// <summary>Start-up seat demand: Σ seats of the initial requests of every replica.</summary>
    public double StartupSeats { get; init; }

    public double WatchEventsPerSecond { get; init; }

    /// <summary>API server CPU seconds of starting every replica at once.</summary>
    public double StartupCpuSeconds { get; init; }

    /// <summary>Peak transient memory of steady traffic alone (without the start-up burst), bytes.</summary>
    public double SteadyPeakMemoryBytes { get; init; }

    /// <summary>Seat-seconds per second the workload's watches add to other writers (see <see cref="PatternCost.WriterSeatSecondsPerSecond"/>).</summary>
    public double WriterSeatSecondsPerSecond { get; init; }
}

/// <summary>The cost of a workload at one cluster size (one point of the scaling series).</summary>
public sealed record SizePoint
{
    public required int Nodes { get; init; }

    public required CostTotal Total { get; init; }

    public required ApiServerCapacity Capacity { get; init; }

    /// <summary>The total against the budget at this size.</summary>
    public BudgetEvaluation? Budget { get; init; }
}

/// <summary>The estimate for one workload at the requested cluster size, with its scaling series.</summary>
public sealed record WorkloadEstimate
{
    public required Workload Workload { get; init; }

    public required IReadOnlyList<PatternCost> Patterns { get; init; }

    public required CostTotal Total { get; init; }

    /// <summary><c>O(1)</c>, <c>O(N)</c> or <c>O(N^2)</c>, fitted over the reference sizes.</summary>
    public required string Scaling { get; init; }

    /// <summary>The smallest node count at which a budget is exceeded, or null when none is.</summary>
    public int? BreakEvenNodes { get; init; }

    /// <summary>Cost at the reference sizes (100, 1,000, 5,000, 15,000) and the requested size, ordered by nodes.</summary>
    public IReadOnlyList<SizePoint> Series { get; init; } = [];

    /// <summary>The total against the budget at the requested size.</summary>
    public BudgetEvaluation? Budget { get; init; }

    /// <summary>What the totals do to the API servers at the requested size (memory, CPU, seats).</summary>
    public ServerAssessment? Assessment { get; init; }
}
