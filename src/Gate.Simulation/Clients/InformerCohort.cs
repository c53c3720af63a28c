using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Clients;

/// <summary>
/// The same client-go informer in many processes (one per member: a node's kubelet, kube-proxy or agent pod),
/// simulated as one object. Each member still sends its own LIST and WATCH and keeps its own backoff, relist time and
/// replica, exactly as a <see cref="Reflector"/> would; what is shared is the bookkeeping: one timer queue instead of
/// an event per member, and one watch handle per replica standing for every member watching there.
/// </summary>
public sealed class InformerCohort
{
    private const byte Stopped = 0;
    private const byte Listing = 1;
    private const byte Watching = 2;
    private const byte Open = 3;
    private const byte Waiting = 4;

    private readonly ControlPlaneModel controlPlane;
    private readonly MemberRequest list;
    private readonly MemberRequest watch;
    private readonly double watchCores;
    private readonly ClientStats stats;
    private readonly byte[] state;
    private readonly int[] replicaOf;
    private readonly int[] epoch;
    private readonly double[] backoff;
    private readonly double[] lastBackoffAt;
    private readonly bool[] relisted;
    private readonly WatchHandle?[] handles;
    private readonly MemberTimers retries;
    private readonly MemberTimers relists;
    private double? relistInterval;

    /// <param name="controlPlane">The simulated control plane.</param>
    /// <param name="list">A member's informer LIST.</param>
    /// <param name="watch">A member's WATCH (every member's costs the same).</param>
    /// <param name="watchCores">API server cores one open watch costs.</param>
    /// <param name="stats">Where the members' LIST responses are counted.</param>
    /// <param name="capacity">Members are 0 … capacity − 1.</param>
    public InformerCohort(ControlPlaneModel controlPlane, MemberRequest list, MemberRequest watch, double watchCores, ClientStats stats, int capacity)
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
        this.list = list ?? throw new ArgumentNullException(nameof(list));
        this.watch = watch ?? throw new ArgumentNullException(nameof(watch));
        this.watchCores = watchCores;
        this.stats = stats ?? throw new ArgumentNullException(nameof(stats));
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        state = new byte[capacity];
        replicaOf = new int[capacity];
        epoch = new int[capacity];
        backoff = new double[capacity];
        lastBackoffAt = new double[capacity];
        relisted = new bool[capacity];
        handles = new WatchHandle?[controlPlane.Replicas.Count];
        retries = new MemberTimers(controlPlane.Simulator, capacity, List);
        relists = new MemberTimers(controlPlane.Simulator, capacity, Relist);
    }

    /// <summary>Builds member <paramref name="member"/>'s request that reports its outcome to <paramref name="done"/>.</summary>
    public delegate SimRequest MemberRequest(int member, Action<SimRequest, RequestOutcome> done);

    /// <summary>Members running now (any state but stopped).</summary>
    public int Running { get; private set; }

    /// <summary>Members whose watch is open now.</summary>
    public int Synced { get; private set; }

    /// <summary>Each member relists every <paramref name="seconds"/> on average while its watch is open (an agent's informer).</summary>
    public InformerCohort RelistingEvery(double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        relistInterval = seconds;
        return this;
    }

    /// <summary>Starts <paramref name="member"/> with a LIST now.</summary>
    public void Start(int member)
    {
        Reset(member);
        List(member);
    }

    /// <summary>Starts <paramref name="member"/> already synced, watching on <paramref name="replica"/> (the steady state before the run).</summary>
    public void StartWatching(int member, ApiServerReplica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        Reset(member);
        OpenOn(member, replica, watch(member, static (_, _) => { }));
    }

    /// <summary>Stops <paramref name="member"/> (its pod was deleted): its watch closes, answers still out are ignored.</summary>
    public void Stop(int member)
    {
        if (state[member] == Stopped)
        {
            return;
        }

        CloseWatchOf(member);
        retries.Cancel(member);
        relists.Cancel(member);
        state[member] = Stopped;
        epoch[member]++;
        Running--;
    }

    private void Reset(int member)
    {
        Stop(member);
        epoch[member]++;
        backoff[member] = ReflectorBackoff.Initial;
        lastBackoffAt[member] = double.NegativeInfinity;
        relisted[member] = false;
        state[member] = Listing;
        Running++;
    }

    private void List(int member)
    {
        var sent = controlPlane.Simulator.Now;
        var life = epoch[member];
        state[member] = Listing;
        controlPlane.Submit(list(member, (_, outcome) =>
        {
            if (epoch[member] != life)
            {
                return;
            }

            stats.Record(outcome, controlPlane.Simulator.Now - sent);
            if (outcome == RequestOutcome.Ok)
            {
                Watch(member);
            }
            else
            {
                Retry(member);
            }
        }));
    }

    private void Watch(int member)
    {
        var life = epoch[member];
        state[member] = Watching;
        controlPlane.Submit(watch(member, (request, outcome) =>
        {
            if (epoch[member] != life)
            {
                return;
            }

            if (outcome == RequestOutcome.Ok && request.Replica is { State: ReplicaState.Up } replica)
            {
                OpenOn(member, replica, request);
                ScheduleRelist(member);
            }
            else
            {
                Retry(member);
            }
        }));
    }

    private void OpenOn(int member, ApiServerReplica replica, SimRequest request)
    {
        var index = replica.Index;
        if (handles[index] is { Open: true } handle)
        {
            controlPlane.ResizeWatch(handle, 1);
        }
        else
        {
            handles[index] = controlPlane.OpenWatch(replica, request, watchCores, () => OnBroken(index));
        }

        state[member] = Open;
        replicaOf[member] = index;
        Synced++;
    }

    private void CloseWatchOf(int member)
    {
        if (state[member] != Open)
        {
            return;
        }

        if (handles[replicaOf[member]] is { } handle)
        {
            controlPlane.ResizeWatch(handle, -1);
        }

        Synced--;
    }

    /// <summary>The next relist: a random point of the first interval, then the interval (mean rate 1 / interval).</summary>
    private void ScheduleRelist(int member)
    {
        if (relistInterval is not { } interval)
        {
            return;
        }

        var delay = relisted[member] ? interval : interval * controlPlane.Simulator.Random.NextDouble();
        relisted[member] = true;
        relists.Schedule(member, controlPlane.Simulator.Now + delay);
    }

    private void Relist(int member)
    {
        if (state[member] != Open)
        {
            return;
        }

        CloseWatchOf(member);
        List(member);
    }

    // The replica died: every member watching there lost its watch and retries after its own backoff.
    private void OnBroken(int replica)
    {
        if (handles[replica] is { Open: false })
        {
            handles[replica] = null;
        }

        for (var member = 0; member < state.Length; member++)
        {
            if (state[member] == Open && replicaOf[member] == replica)
            {
                relists.Cancel(member);
                Synced--;
                Retry(member);
            }
        }
    }

    private void Retry(int member)
    {
        state[member] = Waiting;
        var delay = ReflectorBackoff.Next(ref backoff[member], ref lastBackoffAt[member], controlPlane.Simulator.Now, controlPlane.Simulator.Random);
        retries.Schedule(member, controlPlane.Simulator.Now + delay);
    }
}
