using Gate.Core.Agents;

namespace Gate.Core.Cost;

/// <summary>
/// Turns a workload's access patterns into what they cost the API servers of a cluster profile: per pattern and in
/// total, over the reference sizes, with the scaling class and the break-even node count against a budget.
/// Pure and deterministic. Formulas, sources and calibration: docs/cost-model.md.
/// </summary>
public static class CostModel
{
    /// <summary>The estimate at <paramref name="profile"/> with its scaling series, class, budget and break-even size.</summary>
    public static WorkloadEstimate Estimate(Workload workload, ClusterProfile profile, CostBudget? budget = null, WorkEstimatorConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(profile);
        budget ??= CostBudget.Default;
        config ??= WorkEstimatorConfig.Default;

        var here = At(workload, profile, config);
        var reference = ReferenceCluster.Sizes.Select(n => n == profile.Nodes ? here : At(workload, ClusterProfiles.ScaleTo(profile, n), config)).ToList();
        var all = reference.Any(s => s.Profile.Nodes == profile.Nodes) ? reference : [.. reference, here];
        var series = all
            .OrderBy(s => s.Profile.Nodes)
            .Select(s => new SizePoint
            {
                Nodes = s.Profile.Nodes,
                Total = s.Total,
                Capacity = s.Profile.ApiServer,
                Budget = budget.Evaluate(s.Total, s.Profile.ApiServer),
            })
            .ToList();

        return new WorkloadEstimate
        {
            Workload = workload,
            Patterns = here.Patterns,
            Total = here.Total,
            Scaling = Scaling(workload, reference, budget),
            BreakEvenNodes = BreakEven(workload, profile, series, budget, config),
            Series = series,
            Budget = budget.Evaluate(here.Total, profile.ApiServer),
            Assessment = Assess(here),
        };
    }

    /// <summary>Estimates of every workload at one profile, in input order.</summary>
    public static EstimateReport Estimate(IEnumerable<Workload> workloads, ClusterProfile profile, CostBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        // Each workload's estimate is independent and pure: spread them over every core, in input order (each still
        // gets its own span under the caller's: Activity.Current flows into the parallel tasks).
        return new EstimateReport
        {
            Cluster = profile,
            Workloads = OrderedParallel.Map(workloads.ToList(), w => Diagnostics.WorkloadTelemetry.Estimate(w, profile, budget)),
        };
    }

    /// <summary>Replicas of the workload at <paramref name="profile"/>: one per node, or its fixed replica count.</summary>
    public static double Replicas(Workload workload, ClusterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(profile);
        return workload.Multiplicity == Multiplicity.PerNode ? profile.Nodes : Math.Max(0, workload.Replicas);
    }

    /// <summary>The APF priority level the workload's ServiceAccount lands in by the bootstrap flow schemas.</summary>
    public static PriorityLevelLimits PriorityLevel(Workload workload, ClusterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(profile);
        return ApfConfiguration.Limits(profile.ApiServer, ApfConfiguration.ServiceAccountSchema(workload.Namespace).PriorityLevel);
    }

    /// <summary>The cost at one profile, without the series.</summary>
    public static SizeCost At(Workload workload, ClusterProfile profile, WorkEstimatorConfig? config = null) =>
        At(workload, profile, Replicas(workload, profile), config);

    /// <summary>The cost at one profile when <paramref name="replicas"/> replicas run (a rollout stage).</summary>
    public static SizeCost At(Workload workload, ClusterProfile profile, double replicas, WorkEstimatorConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(profile);
        var level = PriorityLevel(workload, profile);
        var fleet = new FleetContext(profile, replicas, level, workload.AccessPatterns, config ?? WorkEstimatorConfig.Default);
        var patterns = workload.AccessPatterns.Select(p => PatternCalculator.Cost(p, fleet)).ToList();
        return new SizeCost(profile, patterns, Totals(patterns, fleet));
    }

    /// <summary>What the cost does to one API server: memory (OOM), CPU and seat saturation, steady and at start-up.</summary>
    public static ServerAssessment Assess(SizeCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var profile = cost.Profile;
        var api = profile.ApiServer;
        var replicas = Math.Max(1, api.Replicas);
        var level = ApfConfiguration.Limits(api, cost.Patterns.FirstOrDefault()?.PriorityLevel ?? ApfConfiguration.WorkloadLow);
        var idle = CostCalibration.IdleMemoryBytes(profile);
        var steadyMemory = idle + cost.Total.SteadyPeakMemoryBytes;
        var startupMemory = idle + cost.Total.PeakMemoryBytes;
        var cpu = CpuUtilization(cost.Total, api);
        var seatDemand = cost.Total.SeatUtilization * level.NominalSeats / level.BorrowingCeilingSeats;
        var burst = Burst(cost, replicas);

        ServerOutcome Outcome(double memory, bool saturated) =>
            memory > api.MemoryBytesPerReplica ? ServerOutcome.OutOfMemory
            : saturated ? ServerOutcome.Throttled
            : ServerOutcome.Healthy;

        var steady = Outcome(steadyMemory, cpu >= 1 || seatDemand >= 1);
        var reason = steady switch
        {
            ServerOutcome.OutOfMemory => $"concurrent LISTs need {Gib(steadyMemory)} GiB of {Gib(api.MemoryBytesPerReplica)} GiB",
            ServerOutcome.Throttled => cpu >= 1
                ? $"needs {cpu:0.##}x the API server CPU: requests queue and get 429"
                : $"needs {seatDemand:0.##}x the seats {level.Name} can reach: requests queue and get 429",
            _ => $"uses {cpu:P0} of API server CPU and {seatDemand:P0} of {level.Name} seats",
        };
        return new ServerAssessment
        {
            Outcome = steady,
            StartupOutcome = Outcome(startupMemory, burst.RejectedRequests > 0),
            IdleMemoryBytes = idle,
            SteadyMemoryBytes = steadyMemory,
            StartupMemoryBytes = startupMemory,
            MemoryLimitBytes = api.MemoryBytesPerReplica,
            CpuUtilization = cpu,
            SeatDemandOfCeiling = seatDemand,
            ConcurrentLists = SteadyConcurrency(cost.Patterns, cost.Total, api, level).Lists,
            BorrowingCeilingSeats = level.BorrowingCeilingSeats,
            Reason = reason,
        };
    }

    /// <summary>The start-up burst of <paramref name="agents"/> replicas starting at once (a rollout stage).</summary>
    public static StartupBurst Startup(Workload workload, ClusterProfile profile, int agents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        var cost = At(workload, profile, agents);
        return Burst(cost, Math.Max(1, profile.ApiServer.Replicas)) with { Agents = agents };
    }

    private static StartupBurst Burst(SizeCost cost, int apiReplicas)
    {
        var total = cost.Total;
        var api = cost.Profile.ApiServer;
        var level = ApfConfiguration.Limits(api, cost.Patterns.FirstOrDefault()?.PriorityLevel ?? ApfConfiguration.WorkloadLow);
        var starting = cost.Patterns.Where(p => p.StartupRequests > 0).ToList();
        var widest = starting.Count == 0 ? 1 : starting.Max(p => Math.Max(1, p.Seats));
        var room = Math.Floor((double)level.BorrowingCeilingSeats / widest) + level.QueueCapacityPerFlow;
        var perServer = total.StartupRequests / apiReplicas;
        var perAgent = cost.Patterns.Count == 0 || cost.Total.StartupRequests == 0
            ? 0
            : starting.Sum(p => p.StartupRequests) / Math.Max(1e-9, ReplicasOf(cost));
        var seatSeconds = starting.Sum(p => p.StartupSeats * p.StartupCpuSeconds / Math.Max(1e-9, p.StartupRequests) / CostCalibration.RequestCpuParallelism);
        return new StartupBurst
        {
            Agents = (int)Math.Round(ReplicasOf(cost)),
            Requests = total.StartupRequests,
            Seats = total.StartupSeats,
            Bytes = total.StartupBytes,
            CpuSeconds = total.StartupCpuSeconds,
            PeakMemoryBytes = total.PeakMemoryBytes,
            DrainSeconds = Math.Max(total.StartupCpuSeconds / Math.Max(1e-9, api.Cores), seatSeconds / apiReplicas / level.BorrowingCeilingSeats),
            RejectedRequests = Math.Max(0, perServer - room) * apiReplicas,
            MaxAgentsWithoutRejection = perAgent <= 0 ? null : (int)Math.Floor(room * apiReplicas / perAgent),
        };
    }

    private static double ReplicasOf(SizeCost cost) =>
        cost.Patterns.Select(p => p.StartupRequests / Math.Max(1, p.RequestsPerResponse)).Where(r => r > 0).DefaultIfEmpty(0).Max();

    private static double CpuUtilization(CostTotal total, ApiServerCapacity api) => api.Cores <= 0 ? double.PositiveInfinity : total.CpuCores / api.Cores;

    private static string Gib(double bytes) => (bytes / ReferenceCluster.Gib).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static CostTotal Totals(IReadOnlyList<PatternCost> patterns, FleetContext fleet)
    {
        var api = fleet.Profile.ApiServer;
        var seatSeconds = patterns.Sum(p => p.SeatSecondsPerSecond);
        var total = new CostTotal
        {
            RequestsPerSecond = patterns.Sum(p => p.RequestsPerSecond),
            BytesPerSecond = patterns.Sum(p => p.BytesPerSecond),
            SeatUtilization = seatSeconds / fleet.ApiReplicas / Math.Max(1, fleet.Level.NominalSeats),
            CpuCores = patterns.Sum(p => p.CpuCores),
            StartupBytes = patterns.Sum(p => p.StartupBytes),
            StartupRequests = patterns.Sum(p => p.StartupRequests),
            StartupSeats = patterns.Sum(p => p.StartupSeats),
            StartupCpuSeconds = patterns.Sum(p => p.StartupCpuSeconds),
            WatchEventsPerSecond = patterns.Sum(p => p.WatchEventsPerSecond),
            WriterSeatSecondsPerSecond = patterns.Sum(p => p.WriterSeatSecondsPerSecond),
        };
        var steady = SteadyConcurrency(patterns, total, api, fleet.Level).Memory;
        var startup = StartupMemory(patterns, fleet);
        return total with { SteadyPeakMemoryBytes = steady, PeakMemoryBytes = Math.Max(steady, startup) };
    }

    /// <summary>
    /// Steady in-flight LISTs and their transient memory on one API server. Below CPU saturation: Little's law
    /// (rate × wall time), inflated by 1 / (1 − CPU utilization), at least one response. At or above saturation the
    /// queue never drains and the level fills up to its borrowing ceiling with the widest-memory request.
    /// </summary>
    private static (double Lists, double Memory) SteadyConcurrency(
        IReadOnlyList<PatternCost> patterns, CostTotal total, ApiServerCapacity api, PriorityLevelLimits level)
    {
        var replicas = Math.Max(1, api.Replicas);
        var reads = patterns
            .Where(p => p.Pattern.Verb is ApiVerb.List or ApiVerb.Get && p.RequestsPerSecond > 0)
            .ToList();
        if (reads.Count == 0)
        {
            return (0, 0);
        }

        var rho = CpuUtilization(total, api);
        if (rho >= 1)
        {
            var worst = reads.MaxBy(p => p.TransientMemoryBytes / Math.Max(1, p.Seats))!;
            var lists = Math.Max(1, Math.Floor((double)level.BorrowingCeilingSeats / Math.Max(1, worst.Seats)));
            return (lists, lists * worst.TransientMemoryBytes);
        }

        double inFlight = 0, memory = 0;
        foreach (var p in reads)
        {
            var responsesPerServer = p.RequestsPerSecond / p.RequestsPerResponse / replicas;
            var cpuPerResponse = p.CpuCores / Math.Max(1e-12, p.RequestsPerSecond / p.RequestsPerResponse);
            var wall = cpuPerResponse / CostCalibration.RequestCpuParallelism;
            var l = responsesPerServer * wall / (1 - rho);
            inFlight += l;
            memory += l * p.TransientMemoryBytes;
        }

        return (Math.Max(1, inFlight), Math.Max(memory, reads.Max(p => p.TransientMemoryBytes)));
    }

    /// <summary>
    /// Transient memory when every replica starts at once: each initial request pattern runs as many responses at once
    /// as there are agents per server, up to the level's borrowing ceiling / its seats; the worst pattern counts.
    /// </summary>
    private static double StartupMemory(IReadOnlyList<PatternCost> patterns, FleetContext fleet)
    {
        return patterns
            .Where(p => p.StartupRequests > 0 && p.Pattern.Verb is ApiVerb.List or ApiVerb.Get)
            .Select(p => Math.Min(fleet.ReplicasOf(p.Pattern) / fleet.ApiReplicas, Math.Floor((double)fleet.Level.BorrowingCeilingSeats / Math.Max(1, p.Seats))) * p.TransientMemoryBytes)
            .DefaultIfEmpty(0)
            .Max();
    }

    /// <summary>
    /// Per pattern, the fleet's load (steady bytes/s + start-up bytes spread over the budget's burst window) over the
    /// reference sizes is fitted (<see cref="ScalingFit"/>); the workload's class is the most expensive pattern's.
    /// </summary>
    private static string Scaling(Workload workload, IReadOnlyList<SizeCost> reference, CostBudget budget)
    {
        var scaling = ScalingFit.Constant;
        for (var i = 0; i < workload.AccessPatterns.Count; i++)
        {
            var series = reference.Select(s => ((double)s.Profile.Nodes, Load(s.Patterns[i], s.Profile, budget))).ToList();
            scaling = ScalingFit.Max(scaling, ScalingFit.Fit(series));
        }

        return scaling;
    }

    private static double Load(PatternCost p, ClusterProfile profile, CostBudget budget)
    {
        var bytes = p.BytesPerSecond + (p.StartupBytes / budget.StartupBurstSeconds);
        return bytes > 0 ? bytes : (p.CpuCores + (p.StartupCpuSeconds / budget.StartupBurstSeconds)) * profile.ApiServer.BytesPerCoreSecond;
    }

    /// <summary>
    /// The smallest node count at which the budget is exceeded: the first series size that exceeds it, refined by
    /// bisection down to one node above the previous (passing) size. Null when no series size exceeds it.
    /// </summary>
    private static int? BreakEven(Workload workload, ClusterProfile profile, IReadOnlyList<SizePoint> series, CostBudget budget, WorkEstimatorConfig config)
    {
        var previous = 0;
        foreach (var point in series)
        {
            if (point.Budget is { Exceeded: true })
            {
                int lo = previous + 1, hi = point.Nodes;
                while (lo < hi)
                {
                    var mid = lo + ((hi - lo) / 2);
                    var scaled = ClusterProfiles.ScaleTo(profile, mid);
                    if (budget.Evaluate(At(workload, scaled, config).Total, scaled.ApiServer).Exceeded)
                    {
                        hi = mid;
                    }
                    else
                    {
                        lo = mid + 1;
                    }
                }

                return lo;
            }

            previous = point.Nodes;
        }

        return null;
    }
}
