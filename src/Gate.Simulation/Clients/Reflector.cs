using Gate.Simulation.ControlPlane;
using Gate.Simulation.Engine;

namespace Gate.Simulation.Clients;

/// <summary>
/// A client-go informer: LIST (resourceVersion=0, from the watch cache), then WATCH on the same resource; when the
/// watch breaks (its API server died) it relists after the reflector's backoff (800 ms doubling to 30 s, jitter 1.0,
/// reset after 2 minutes without trouble). An agent's informer also relists every
/// <see cref="Gate.Core.Cost.ClusterProfile.RelistIntervalSeconds"/> on average (the estimate's allowance for watches
/// that expire or fall behind the cache), its first relist at a random point of that interval.
/// </summary>
public sealed class Reflector
{
    private readonly ControlPlaneModel controlPlane;
    private readonly SimRequest.Factory list;
    private readonly SimRequest.Factory watch;
    private readonly double watchCores;
    private readonly ClientStats stats;
    private double backoff = ReflectorBackoff.Initial;
    private double lastBackoffAt = double.NegativeInfinity;
    private WatchHandle? handle;
    private ScheduledEvent? pending;
    private bool stopped;
    private double? relistInterval;
    private ScheduledEvent? relist;

    public Reflector(ControlPlaneModel controlPlane, SimRequest.Factory list, SimRequest.Factory watch, double watchCores, ClientStats stats)
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
        this.list = list ?? throw new ArgumentNullException(nameof(list));
        this.watch = watch ?? throw new ArgumentNullException(nameof(watch));
        this.watchCores = watchCores;
        this.stats = stats ?? throw new ArgumentNullException(nameof(stats));
    }

    /// <summary>True while the informer holds an open watch (its cache is current).</summary>
    public bool Synced => handle is { Open: true };

    /// <summary>Called when <see cref="Synced"/> changes.</summary>
    public Action? SyncChanged { get; set; }

    /// <summary>Starts with a LIST now.</summary>
    public void Start() => List();

    /// <summary>Relists every <paramref name="seconds"/> on average while its watch is open (an agent's informer).</summary>
    public Reflector RelistingEvery(double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        relistInterval = seconds;
        return this;
    }

    /// <summary>Starts already synced, watching on <paramref name="replica"/> (the steady state before the run).</summary>
    public void StartWatching(ApiServerReplica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var request = watch((_, _) => { });
        handle = controlPlane.OpenWatch(replica, request, watchCores, OnBroken);
    }

    public void Stop()
    {
        stopped = true;
        pending?.Cancel();
        relist?.Cancel();
        controlPlane.CloseWatch(handle);
        handle = null;
    }

    private void List()
    {
        if (stopped)
        {
            return;
        }

        var sent = controlPlane.Simulator.Now;
        controlPlane.Submit(list((_, outcome) =>
        {
            if (stopped)
            {
                return;
            }

            stats.Record(outcome, controlPlane.Simulator.Now - sent);
            if (outcome == RequestOutcome.Ok)
            {
                Watch();
            }
            else
            {
                Retry();
            }
        }));
    }

    private void Watch()
    {
        controlPlane.Submit(watch((request, outcome) =>
        {
            if (stopped)
            {
                return;
            }

            if (outcome == RequestOutcome.Ok && request.Replica is { State: ReplicaState.Up } replica)
            {
                handle = controlPlane.OpenWatch(replica, request, watchCores, OnBroken);
                SyncChanged?.Invoke();
                ScheduleRelist();
            }
            else
            {
                Retry();
            }
        }));
    }

    /// <summary>The next relist: a random point of the first interval, then the interval (mean rate 1 / interval).</summary>
    private void ScheduleRelist()
    {
        if (relistInterval is not { } interval)
        {
            return;
        }

        relist?.Cancel();
        var delay = relist is null ? interval * controlPlane.Simulator.Random.NextDouble() : interval;
        relist = controlPlane.Simulator.After(delay, () =>
        {
            if (stopped || handle is null)
            {
                return;
            }

            controlPlane.CloseWatch(handle);
            handle = null;
            SyncChanged?.Invoke();
            List();
        });
    }

    private void OnBroken()
    {
        if (stopped)
        {
            return;
        }

        handle = null;
        SyncChanged?.Invoke();
        Retry();
    }

    private void Retry()
    {
        var delay = ReflectorBackoff.Next(ref backoff, ref lastBackoffAt, controlPlane.Simulator.Now, controlPlane.Simulator.Random);
        pending = controlPlane.Simulator.After(delay, List);
    }
}
