using Gate.Core.Cost;
using Gate.Simulation.Engine;

namespace Gate.Simulation.ControlPlane;

/// <summary>
/// The simulated control plane: API server replicas behind a load balancer, the watches open on them, the flow
/// schemas that classify requests, and the run's timeline and samples. Clients submit <see cref="SimRequest"/>s.
/// </summary>
public sealed class ControlPlaneModel
{
    private readonly List<ApiServerReplica> replicas = [];
    private readonly Dictionary<ApiServerReplica, HashSet<WatchHandle>> watches = [];
    private readonly Dictionary<ApiServerReplica, double> watchCores = [];
    private readonly Dictionary<string, FlowClass> flowOverrides = new(StringComparer.Ordinal);
    private readonly List<TimelineEntry> timeline = [];
    private readonly List<ControlPlaneSample> samples = [];
    private readonly HashSet<string> once = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> readBytes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (double Total, double Rate, double Since)> watchBytes = new(StringComparer.Ordinal);
    private double okCount;
    private double rejectedCount;
    private double lastSampleOk;
    private double lastSampleRejected;
    private double lastSampleCpu;
    private readonly LatencyHistogram latencies = new();

    public ControlPlaneModel(ClusterProfile profile, SimulationOptions options)
    {
        Profile = profile ?? throw new ArgumentNullException(nameof(profile));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Simulator = new Simulator(options.Seed);
        Clock = new SimulatedTimeProvider(Simulator);
        CachedObjectBytes = profile.Resources.Values.Sum(r => r.Count * r.MeanJsonBytes);
        StoredObjects = profile.Resources.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value.Count)).ToList();
        var count = Math.Max(1, profile.ApiServer.Replicas);
        for (var i = 0; i < count; i++)
        {
            var replica = new ApiServerReplica(this, i);
            replicas.Add(replica);
            watches[replica] = [];
            watchCores[replica] = 0;
        }

        UpdateFluid();
        ScheduleTick();
    }

    public Simulator Simulator { get; }

    /// <summary>Simulated time for code that takes a <see cref="TimeProvider"/>.</summary>
    public SimulatedTimeProvider Clock { get; }

    public ClusterProfile Profile { get; }

    public SimulationOptions Options { get; }

    public ServerCalibration Calibration => Options.Calibration;

    public IReadOnlyList<BootstrapPriorityLevel> PriorityLevels { get; init; } = ApfConfiguration.Bootstrap;

    public IReadOnlyList<ApiServerReplica> Replicas => replicas;

    public double CoresPerReplica => Profile.ApiServer.Cores / Math.Max(1, Profile.ApiServer.Replicas);

    /// <summary>JSON bytes of every stored object (what the watch cache holds).</summary>
    public double CachedObjectBytes { get; }

    internal IReadOnlyList<(string Resource, double Count)> StoredObjects { get; }

    /// <summary>RSS of an idle replica.</summary>
    public double IdleRssBytes => CostCalibration.IdleMemoryBytes(Profile);

    public IReadOnlyList<TimelineEntry> TimelineEntries => timeline;

    public IReadOnlyList<ControlPlaneSample> Samples => samples;

    /// <summary>Counts agent pods on the newest revision for the samples (set by the scenario).</summary>
    public Func<int>? AgentCounter { get; set; }

    /// <summary>Reports the DNS state for the samples (set when CoreDNS is simulated).</summary>
    public Func<string>? DnsState { get; set; }

    /// <summary>Fired when a replica dies (after its requests failed), so clients can react.</summary>
    public event Action<ApiServerReplica>? ReplicaDown;

    /// <summary>Fired when a replica is ready again.</summary>
    public event Action<ApiServerReplica>? ReplicaUp;

    public int ReplicasUp => replicas.Count(r => r.State == ReplicaState.Up);

    /// <summary>Requests answered 200 so far.</summary>
    public double OkTotal => okCount;

    /// <summary>429s so far.</summary>
    public double RejectedTotal => rejectedCount;

    /// <summary>The first time a timeline entry of this kind was recorded, or null.</summary>
    public double? FirstTime(string kind) => timeline.FirstOrDefault(t => t.Kind == kind)?.Seconds;

    /// <summary>Records a timeline entry.</summary>
    public void Timeline(string kind, string message) => timeline.Add(new TimelineEntry(Simulator.Now, kind, message));

    /// <summary>Records a timeline entry only the first time its kind happens.</summary>
    public void TimelineOnce(string kind, string message)
    {
        if (once.Add(kind))
        {
            Timeline(kind, message);
        }
    }

    /// <summary>Adds a FlowSchema matching one user ahead of the defaults (e.g. the gate's per-agent schema).</summary>
    public void AddFlowSchema(string user, string flowSchema, string priorityLevel) =>
        flowOverrides[user] = new FlowClass(flowSchema, priorityLevel, user);

    public void RemoveFlowSchema(string flowSchema)
    {
        foreach (var key in flowOverrides.Where(f => f.Value.FlowSchema == flowSchema).Select(f => f.Key).ToList())
        {
            flowOverrides.Remove(key);
        }
    }

    /// <summary>The flow of a request by <paramref name="user"/>: a matching added FlowSchema wins over the default.</summary>
    public FlowClass Classify(string user, FlowClass defaultClass) =>
        flowOverrides.Count > 0 && flowOverrides.TryGetValue(user, out var match) ? match : defaultClass;

    /// <summary>
    /// Bytes the servers read for <paramref name="client"/> so far: completed responses (the whole range for etcd
    /// reads) and the events its open watches were sent.
    /// </summary>
    public double ReadBytes(string client)
    {
        var read = readBytes.GetValueOrDefault(client);
        return watchBytes.TryGetValue(client, out var w) ? read + w.Total + (w.Rate * (Simulator.Now - w.Since)) : read;
    }

    internal void RecordRead(string client, double bytes) => readBytes[client] = readBytes.GetValueOrDefault(client) + bytes;

    private void AddWatchBytes(SimRequest request, double perSecond)
    {
        if (perSecond == 0)
        {
            return;
        }

        var now = Simulator.Now;
        var w = watchBytes.GetValueOrDefault(request.Client);
        watchBytes[request.Client] = (w.Total + (w.Rate * (now - w.Since)), Math.Max(0, w.Rate + perSecond), now);
    }

    /// <summary>Sends a request through the load balancer to a random ready replica (connection error when none is).</summary>
    public void Submit(SimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var replica = PickReplica();
        if (replica is null)
        {
            request.ArrivalTime = Simulator.Now;
            Answer(request, RequestOutcome.ConnectionError);
            return;
        }

        replica.Submit(request);
    }

    /// <summary>
    /// Opens <paramref name="count"/> alike watches on <paramref name="replica"/> (one client's, or a cohort's), each
    /// costing <paramref name="cores"/> while open.
    /// </summary>
    public WatchHandle OpenWatch(ApiServerReplica replica, SimRequest request, double cores, Action broken, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var handle = new WatchHandle(replica, request, cores, broken) { Count = 0 };
        watches[replica].Add(handle);
        Resize(handle, count);
        return handle;
    }

    /// <summary>Adds (or with a negative <paramref name="delta"/> removes) watches of an open cohort handle; closes it at zero.</summary>
    public void ResizeWatch(WatchHandle handle, int delta)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!handle.Open || delta == 0)
        {
            return;
        }

        if (handle.Count + delta <= 0)
        {
            CloseWatch(handle);
            return;
        }

        Resize(handle, delta);
    }

    /// <summary>Closes a watch handle, every watch it stands for (the client stopped).</summary>
    public void CloseWatch(WatchHandle? handle)
    {
        if (handle is null || !handle.Open)
        {
            return;
        }

        if (watches[handle.Replica].Remove(handle))
        {
            Resize(handle, -handle.Count);
        }

        handle.Open = false;
    }

    /// <summary>Open watches on a replica.</summary>
    public int WatchCount(ApiServerReplica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var count = 0;
        foreach (var handle in watches[replica])
        {
            count += handle.Count;
        }

        return count;
    }

    private void Resize(WatchHandle handle, int delta)
    {
        handle.Count += delta;
        AddWatchBytes(handle.Request, delta * handle.Request.WatchBytesPerSecond);
        watchCores[handle.Replica] += delta * handle.CoresWhileOpen;
        handle.Replica.TrackWatch(handle.Request, delta);
        handle.Replica.SetFluidCores(FluidCores(handle.Replica));
    }

    /// <summary>Runs the simulation until <paramref name="seconds"/>.</summary>
    public void RunUntil(double seconds) => Simulator.RunUntil(seconds);

    internal void Answer(SimRequest request, RequestOutcome outcome)
    {
        if (request.Answered)
        {
            return;
        }

        request.Answered = true;
        if (outcome == RequestOutcome.Ok)
        {
            okCount++;
        }

        request.Done?.Invoke(request, outcome);
    }

    /// <summary>Counts one answered non-WATCH request's latency for the next sample's p99.</summary>
    internal void RecordLatency(double seconds) => latencies.Add(seconds);

    internal void RecordRejection(SimRequest request, int retryAfter)
    {
        rejectedCount++;
        request.RetryAfterSeconds = retryAfter;
        TimelineOnce("first-429", $"first 429: APF rejects {request.Verb} {request.Resource} of flow schema {request.Flow.FlowSchema} (priority level {request.Flow.PriorityLevel})");
    }

    internal void OnReplicaDown(ApiServerReplica replica, string reason)
    {
        var broken = watches[replica].ToList();
        watches[replica].Clear();
        watchCores[replica] = 0;
        foreach (var handle in broken)
        {
            handle.Open = false;
            AddWatchBytes(handle.Request, -handle.Count * handle.Request.WatchBytesPerSecond);
        }

        if (ReplicasUp == 0)
        {
            Timeline("all-down", "no API server is serving: every replica is down");
        }

        UpdateFluid();
        ReplicaDown?.Invoke(replica);
        foreach (var handle in broken)
        {
            Simulator.After(0, handle.Broken);
        }

        _ = reason;
    }

    internal void OnReplicaUp(ApiServerReplica replica)
    {
        Timeline("restart", $"{replica.Name} restarted and ready (kill #{replica.Kills}); clients relist");
        UpdateFluid();
        ReplicaUp?.Invoke(replica);
    }

    private ApiServerReplica? PickReplica()
    {
        var up = 0;
        foreach (var r in replicas)
        {
            if (r.State == ReplicaState.Up)
            {
                up++;
            }
        }

        if (up == 0)
        {
            return null;
        }

        var pick = up == 1 ? 0 : Simulator.Random.Next(up);
        foreach (var r in replicas)
        {
            if (r.State == ReplicaState.Up && pick-- == 0)
            {
                return r;
            }
        }

        return null;
    }

    private double BackgroundCores =>
        Calibration.BackgroundCoresBase + (Calibration.BackgroundCoresPerNode * Profile.Nodes);

    private double FluidCores(ApiServerReplica replica) =>
        (BackgroundCores / Math.Max(1, ReplicasUp)) + watchCores[replica];

    private void UpdateFluid()
    {
        foreach (var replica in replicas)
        {
            replica.SetFluidCores(FluidCores(replica));
        }
    }

    private void ScheduleTick()
    {
        var tick = 0;
        void Tick()
        {
            tick++;
            foreach (var replica in replicas)
            {
                replica.Tick(tick % 10 == 0);
            }

            if (tick % 10 == 0)
            {
                Sample();
            }

            Simulator.After(1, Tick);
        }

        Simulator.After(1, Tick);
    }

    private void Sample()
    {
        var cpu = replicas.Sum(r => r.CpuSecondsUsed);
        var cores = replicas.Sum(r => r.Cores);
        samples.Add(new ControlPlaneSample
        {
            Seconds = Simulator.Now,
            ReplicasUp = ReplicasUp,
            MaxMemoryFraction = replicas.Max(r => r.RssBytes / r.MemoryLimitBytes),
            CpuFraction = Math.Min(1, (cpu - lastSampleCpu) / (10 * cores)),
            RejectionsPerSecond = (rejectedCount - lastSampleRejected) / 10,
            OkPerSecond = (okCount - lastSampleOk) / 10,
            ApfQueued = replicas.Where(r => r.State == ReplicaState.Up).Sum(r => r.Levels.Sum(l => l.Queued)),
            RequestP99Seconds = latencies.TakeQuantile(0.99),
            AgentsOnNewRevision = AgentCounter?.Invoke() ?? 0,
            Dns = DnsState?.Invoke() ?? "ok",
        });
        lastSampleCpu = cpu;
        lastSampleOk = okCount;
        lastSampleRejected = rejectedCount;
    }
}
