using Gate.Core.Cost;
using Gate.Simulation.Engine;

namespace Gate.Simulation.ControlPlane;

/// <summary>
/// One simulated kube-apiserver: APF priority levels and queues in front of a processor-sharing CPU, the transient
/// heap of the requests it executes, OOM kill when the heap passes the memory limit, and restart after the
/// kubelet's CrashLoopBackOff with a watch-cache load.
/// </summary>
/// <remarks>
/// CPU is shared equally between executing requests (each capped at <see cref="CostCalibration.RequestCpuParallelism"/>),
/// tracked with one "work" counter: the CPU-seconds each executing request has received. A request finishes when
/// the counter passes its start value plus its CPU need, and its transient heap grows linearly with that progress,
/// so both the next completion and the instant of an OOM kill are computed exactly, not polled.
/// </remarks>
public sealed class ApiServerReplica
{
    private readonly ControlPlaneModel owner;
    private readonly Dictionary<string, PriorityLevelState> levels = new(StringComparer.Ordinal);
    private readonly PriorityQueue<SimRequest, double> running = new();
    private readonly ReplicaMetrics metrics;
    private double work;
    private double lastAdvance;
    private double cpuSeconds;
    private double sumSlope;
    private double sumSlopeStart;
    private double fluidCores;
    private int readOnlyInflight;
    private int mutatingInflight;
    private int crashLoopStep;
    private ScheduledEvent? wake;

    internal ApiServerReplica(ControlPlaneModel owner, int index)
    {
        this.owner = owner;
        Index = index;
        var serverConcurrency = ApfConfiguration.ServerConcurrencyLimit(owner.Profile.ApiServer);
        ServerConcurrency = serverConcurrency;
        metrics = new ReplicaMetrics(owner.Profile.Features.Minor);
        foreach (var spec in owner.PriorityLevels)
        {
            levels.Add(spec.Name, new PriorityLevelState(spec, serverConcurrency));
        }

        ResetMetrics();
    }

    public int Index { get; }

    public string Name => "apiserver-" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public ReplicaState State { get; private set; } = ReplicaState.Up;

    /// <summary>Seats of APF: --max-requests-inflight + --max-mutating-requests-inflight.</summary>
    public int ServerConcurrency { get; }

    public double Cores => owner.CoresPerReplica;

    public double MemoryLimitBytes => owner.Profile.ApiServer.MemoryBytesPerReplica;

    /// <summary>RSS now: the idle footprint (watch cache) plus the transient heap of executing requests.</summary>
    public double RssBytes => State == ReplicaState.Up ? owner.IdleRssBytes + Transient() : 0;

    /// <summary>Highest RSS seen (over every life of the process).</summary>
    public double PeakRssBytes { get; private set; }

    /// <summary>Executing requests.</summary>
    public int Executing => running.Count;

    /// <summary>Times the process was OOM-killed.</summary>
    public int Kills { get; private set; }

    /// <summary>Total CPU-seconds used (not reset by restarts, unlike the exported counter).</summary>
    public double CpuSecondsUsed => cpuSeconds;

    /// <summary>The time the replica last became ready.</summary>
    public double UpSince { get; private set; }

    /// <summary>The live state of a priority level (null when not configured).</summary>
    internal PriorityLevelState? Level(string name) => levels.GetValueOrDefault(name);

    internal IEnumerable<PriorityLevelState> Levels => levels.Values;

    /// <summary>The replica's /metrics in Prometheus text format; null when it is down (the scrape fails).</summary>
    public string? ScrapeMetrics()
    {
        if (State != ReplicaState.Up)
        {
            return null;
        }

        Advance();
        metrics.Rss.Set(RssBytes);
        metrics.Cpu.Set(cpuSeconds - cpuAtStart);
        metrics.FlushWatchEvents(owner.Simulator.Now);
        foreach (var level in levels.Values)
        {
            metrics.CurrentLimit.With(level.Spec.Name).Set(level.Exempt ? 0 : level.CurrentLimit);
        }

        return metrics.Registry.ToPrometheusText();
    }

    private double cpuAtStart;

    /// <summary>Accepts a request from the load balancer: dispatch, queue or reject it under APF.</summary>
    internal void Submit(SimRequest request)
    {
        var now = owner.Simulator.Now;
        request.Replica = this;
        request.RequestSeries = null;
        request.FlowSeries = null;
        request.ArrivalTime = now;
        if (State != ReplicaState.Up)
        {
            owner.Answer(request, RequestOutcome.ConnectionError);
            return;
        }

        var level = levels.GetValueOrDefault(request.Flow.PriorityLevel) ?? levels["global-default"];
        var width = level.Width(request.Seats);
        var flow = metrics.Flow(request);
        if (level.Exempt || (level.Spec.Kind == PriorityLevelKind.Reject && level.ExecutingSeats + width <= level.CurrentLimit) || level.CanStartNow(width))
        {
            Advance();
            Start(request, level);
            Reschedule();
            return;
        }

        if (level.Spec.Kind == PriorityLevelKind.Queue && level.TryEnqueue(request))
        {
            flow.InQueue.Inc();
            request.Deadline = owner.Simulator.After(owner.Calibration.QueueWaitLimitSeconds, () => TimeOutInQueue(request, level));
            return;
        }

        Reject(request, level, level.Spec.Kind == PriorityLevelKind.Reject ? "concurrency-limit" : "queue-full");
    }

    /// <summary>Sets the cores taken by work that is not modelled request by request (watch fan-out, background).</summary>
    internal void SetFluidCores(double cores)
    {
        if (State == ReplicaState.Up)
        {
            Advance();
        }

        fluidCores = cores;
        if (State == ReplicaState.Up)
        {
            Reschedule();
        }
    }

    /// <summary>Per-second housekeeping: Retry-After per level; every 10 s the borrowing adjustment.</summary>
    internal void Tick(bool adjustBorrowing)
    {
        if (State != ReplicaState.Up)
        {
            return;
        }

        Advance();
        var now = owner.Simulator.Now;
        foreach (var level in levels.Values)
        {
            level.Adjust(now);
        }

        if (adjustBorrowing)
        {
            AdjustBorrowing();
            DispatchAll();
            Reschedule();
        }

        PeakRssBytes = Math.Max(PeakRssBytes, RssBytes);
    }

    /// <summary>Kills the process (OOM): every request on it fails, its watches break, the kubelet restarts it later.</summary>
    internal void Kill(string reason)
    {
        Advance();
        PeakRssBytes = Math.Max(PeakRssBytes, RssBytes);
        State = ReplicaState.Down;
        Kills++;
        wake?.Cancel();
        wake = null;
        var victims = running.UnorderedItems.Select(i => i.Element).ToList();
        running.Clear();
        foreach (var level in levels.Values)
        {
            victims.AddRange(level.Clear());
        }

        sumSlope = 0;
        sumSlopeStart = 0;
        readOnlyInflight = 0;
        mutatingInflight = 0;
        foreach (var request in victims)
        {
            request.Deadline?.Cancel();
            request.Executing = false;
            if (!request.Answered)
            {
                owner.Answer(request, RequestOutcome.ConnectionError);
            }
        }

        var now = owner.Simulator.Now;
        if (now - UpSince >= 600)
        {
            crashLoopStep = 0;
        }

        var delay = Math.Min(owner.Calibration.CrashLoopInitialSeconds * Math.Pow(2, crashLoopStep), owner.Calibration.CrashLoopMaxSeconds);
        crashLoopStep++;
        owner.OnReplicaDown(this, reason);
        owner.Simulator.After(delay, BeginStart);
    }

    private void BeginStart()
    {
        State = ReplicaState.Starting;
        var load = owner.Calibration.StartupBaseSeconds + (owner.CachedObjectBytes / owner.Calibration.WatchCacheLoadBytesPerSecond);
        owner.Simulator.After(load, () =>
        {
            State = ReplicaState.Up;
            UpSince = owner.Simulator.Now;
            lastAdvance = UpSince;
            work = 0;
            ResetMetrics();
            owner.OnReplicaUp(this);
        });
    }

    private void ResetMetrics()
    {
        metrics.Registry.Reset();
        cpuAtStart = cpuSeconds;
        metrics.StartTime.Set(SimulatedTimeProvider.Epoch.ToUnixTimeSeconds() + owner.Simulator.Now);
        foreach (var level in levels.Values)
        {
            metrics.NominalLimit.With(level.Spec.Name).Set(level.Nominal);
        }

        metrics.ResetWatchEvents(owner.Simulator.Now);
        foreach (var (resource, count) in owner.StoredObjects)
        {
            metrics.StorageObjects.With(resource).Set(count);
        }

        // A server caches every resource from its start: the reference cluster's and the profile's.
        foreach (var resource in owner.StoredObjects.Select(s => s.Resource).Union(ReferenceCluster.KnownResources).Order(StringComparer.Ordinal))
        {
            CacheEvents(resource);
        }
    }

    // Every event of a resource enters each replica's watch cache (what a cluster-wide watcher of it is sent).
    private void CacheEvents(string resource) =>
        metrics.CacheEvents(resource, () => RequestPricing.ClusterEventsPerSecond(resource, owner.Profile), owner.Simulator.Now);

    /// <summary>Counts an open watch (or its end) in apiserver_longrunning_requests.</summary>
    internal void TrackWatch(SimRequest watch, int delta)
    {
        if (State == ReplicaState.Up)
        {
            metrics.Series(watch).LongRunning.Inc(delta);
            CacheEvents(watch.Resource);
            metrics.WatchSent(watch.Resource, delta * watch.WatchEventsPerSecond, delta * watch.WatchBytesPerSecond, owner.Simulator.Now);
        }
    }

    private void Start(SimRequest request, PriorityLevelState level)
    {
        var now = owner.Simulator.Now;
        request.Deadline?.Cancel();
        request.Deadline = null;
        request.DispatchTime = now;
        request.StartWork = work;
        request.FinishWork = work + Math.Max(request.CpuSeconds, 1e-6);
        request.Executing = true;
        request.MemorySlope = request.MemoryBytes / Math.Max(request.CpuSeconds, 1e-6);
        sumSlope += request.MemorySlope;
        sumSlopeStart += request.MemorySlope * request.StartWork;
        running.Enqueue(request, request.FinishWork);
        level.OnStart(request);
        var flow = metrics.Flow(request);
        flow.Dispatched.Inc();
        flow.ExecutingRequests.Inc();
        flow.ExecutingSeats.Inc(level.Width(request.Seats));
        flow.WaitExecuted.Observe(request.QueueWait);
        flow.Seats.Observe(level.Width(request.Seats));
        if (request.Mutating)
        {
            mutatingInflight++;
        }
        else
        {
            readOnlyInflight++;
        }

        metrics.ReadOnlyInflight.Set(Math.Max(metrics.ReadOnlyInflight.Value, readOnlyInflight));
        metrics.MutatingInflight.Set(Math.Max(metrics.MutatingInflight.Value, mutatingInflight));
        if (request.CpuSeconds >= 0.1)
        {
            request.Deadline = owner.Simulator.At(request.ArrivalTime + owner.Calibration.RequestTimeoutSeconds, () =>
            {
                if (!request.Answered && request.Executing)
                {
                    Respond(request, 504, RequestOutcome.Timeout);
                }
            });
        }
    }

    private void Finish(SimRequest request)
    {
        var level = levels.GetValueOrDefault(request.Flow.PriorityLevel) ?? levels["global-default"];
        request.Executing = false;
        request.Deadline?.Cancel();
        sumSlope -= request.MemorySlope;
        sumSlopeStart -= request.MemorySlope * request.StartWork;
        level.OnFinish(request);
        var flow = metrics.Flow(request);
        flow.ExecutingRequests.Inc(-1);
        flow.ExecutingSeats.Inc(-level.Width(request.Seats));
        flow.Execution.Observe(owner.Simulator.Now - request.DispatchTime);
        if (request.Mutating)
        {
            mutatingInflight--;
        }
        else
        {
            readOnlyInflight--;
        }

        if (request.FromEtcd)
        {
            metrics.EtcdDuration.With("listWithCount", "/registry/" + request.Resource).Observe(owner.Simulator.Now - request.DispatchTime);
        }

        if (!request.Answered)
        {
            var series = metrics.Series(request);
            series.Sizes.Observe(request.ResponseBytes);
            owner.RecordRead(request.Client, request.ReadBytes);
            Respond(request, 200, RequestOutcome.Ok);
        }
    }

    private void Respond(SimRequest request, int code, RequestOutcome outcome)
    {
        var series = metrics.Series(request);
        series.Total(code).Inc();
        if (request.Verb != "WATCH")
        {
            series.Duration.Observe(owner.Simulator.Now - request.ArrivalTime);
            owner.RecordLatency(owner.Simulator.Now - request.ArrivalTime);
        }

        owner.Answer(request, outcome);
    }

    private void Reject(SimRequest request, PriorityLevelState level, string reason)
    {
        var flow = metrics.Flow(request);
        flow.Rejected(reason).Inc();
        flow.WaitRejected.Observe(owner.Simulator.Now - request.ArrivalTime);
        level.OnDropped(owner.Simulator.Now);
        owner.RecordRejection(request, level.RetryAfter);
        Respond(request, 429, RequestOutcome.TooManyRequests);
    }

    private void TimeOutInQueue(SimRequest request, PriorityLevelState level)
    {
        if (request.QueueNode is null || State != ReplicaState.Up)
        {
            return;
        }

        level.Remove(request);
        metrics.Flow(request).InQueue.Inc(-1);
        Reject(request, level, "time-out");
    }

    private void DispatchAll()
    {
        foreach (var level in levels.Values)
        {
            DispatchFrom(level);
        }
    }

    private void DispatchFrom(PriorityLevelState level)
    {
        while (level.NextToDispatch() is { } next)
        {
            metrics.Flow(next).InQueue.Inc(-1);
            Start(next, level);
        }
    }

    private void AdjustBorrowing()
    {
        var limited = levels.Values.Where(l => !l.Exempt).ToList();
        var demand = new Dictionary<PriorityLevelState, int>();
        var total = 0;
        foreach (var level in limited)
        {
            var d = Math.Max(level.DemandHighWatermark, level.ExecutingSeats + level.QueuedSeats);
            level.DemandHighWatermark = level.ExecutingSeats + level.QueuedSeats;
            demand[level] = d;
            level.CurrentLimit = Math.Clamp(d, level.MinLimit, level.Nominal);
            total += level.CurrentLimit;
        }

        var remaining = ServerConcurrency - total;
        for (var round = 0; round < 4 && remaining > 0; round++)
        {
            var borrowers = limited.Where(l => demand[l] > l.CurrentLimit && l.CurrentLimit < l.MaxLimit).ToList();
            var shares = borrowers.Sum(l => Math.Max(l.Nominal, 1));
            if (shares == 0)
            {
                break;
            }

            var given = 0;
            foreach (var level in borrowers)
            {
                var share = Math.Max(1, remaining * Math.Max(level.Nominal, 1) / shares);
                var grant = Math.Min(Math.Min(share, demand[level] - level.CurrentLimit), Math.Min(level.MaxLimit - level.CurrentLimit, remaining - given));
                level.CurrentLimit += grant;
                given += grant;
            }

            remaining -= given;
            if (given == 0)
            {
                break;
            }
        }

        // Seats nobody borrowed go back to the levels below their nominal limit: upstream's allocation always
        // hands out the whole server concurrency (each level's upper bound is at least its nominal), so a level whose
        // demand was low in the last period still has its nominal seats for a burst in the next one.
        foreach (var level in limited)
        {
            if (remaining <= 0)
            {
                break;
            }

            var back = Math.Min(remaining, Math.Max(0, level.Nominal - level.CurrentLimit));
            level.CurrentLimit += back;
            remaining -= back;
        }
    }

    private double Rate()
    {
        if (running.Count == 0)
        {
            return 0;
        }

        var available = Math.Max(Cores - fluidCores, 0.05 * Cores);
        return Math.Min(CostCalibration.RequestCpuParallelism, available / running.Count);
    }

    private double Transient() => Math.Max(0, (sumSlope * work) - sumSlopeStart);

    private void Advance()
    {
        var now = owner.Simulator.Now;
        var dt = now - lastAdvance;
        if (dt <= 0)
        {
            return;
        }

        var rate = Rate();
        work += rate * dt;
        cpuSeconds += (rate * running.Count * dt) + (Math.Min(fluidCores, Cores) * dt);
        lastAdvance = now;
    }

    private void Reschedule()
    {
        wake?.Cancel();
        wake = null;
        PeakRssBytes = Math.Max(PeakRssBytes, RssBytes);
        if (running.Count == 0)
        {
            return;
        }

        var rate = Rate();
        var untilFinish = (running.Peek().FinishWork - work) / rate;
        var untilOom = double.PositiveInfinity;
        if (sumSlope > 0)
        {
            untilOom = (MemoryLimitBytes - RssBytes) / (rate * sumSlope);
        }

        wake = owner.Simulator.After(Math.Max(0, Math.Min(untilFinish, untilOom)), Wake);
    }

    private void Wake()
    {
        wake = null;
        Advance();
        if (RssBytes >= MemoryLimitBytes - 1)
        {
            owner.Timeline("oom", $"{Name} OOM-killed: RSS {RssBytes / (1024.0 * 1024 * 1024):0.0} GiB over its {MemoryLimitBytes / (1024.0 * 1024 * 1024):0} GiB limit ({running.Count} requests executing)");
            Kill("OOMKilled");
            return;
        }

        while (running.Count > 0 && running.Peek().FinishWork <= work + 1e-9)
        {
            var done = running.Dequeue();
            Finish(done);
            DispatchFrom(levels.GetValueOrDefault(done.Flow.PriorityLevel) ?? levels["global-default"]);
        }

        Reschedule();
    }
}
