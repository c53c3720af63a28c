using Gate.Core.Cost;

namespace Gate.Simulation.ControlPlane;

/// <summary>
/// The live state of one priority level on one API server: its concurrency limits (with borrowing), its queues
/// (shuffle-sharded by flow), the seats executing, and the Retry-After it hands out with 429s.
/// </summary>
internal sealed class PriorityLevelState
{
    private readonly LinkedList<SimRequest>[] queues;
    private readonly Dictionary<string, int[]> hands = new(StringComparer.Ordinal);
    private readonly Queue<double> recentDrops = new();
    private int roundRobin;

    public PriorityLevelState(BootstrapPriorityLevel spec, int serverConcurrency)
    {
        Spec = spec;
        var limits = ApfConfiguration.Limits(serverConcurrency, spec.Name);
        Nominal = limits.NominalSeats;
        Lendable = limits.LendableSeats;
        MinLimit = Nominal - Lendable;
        MaxLimit = Nominal + serverConcurrency;
        MaxSeats = limits.MaxSeatsPerRequest;
        CurrentLimit = Nominal - (Lendable / 2);
        queues = new LinkedList<SimRequest>[Math.Max(spec.Queues, 0)];
        for (var i = 0; i < queues.Length; i++)
        {
            queues[i] = new LinkedList<SimRequest>();
        }
    }

    public BootstrapPriorityLevel Spec { get; }

    public int Nominal { get; }

    public int Lendable { get; }

    public int MinLimit { get; }

    public int MaxLimit { get; }

    public int MaxSeats { get; }

    public int CurrentLimit { get; set; }

    public int ExecutingSeats { get; private set; }

    public int ExecutingRequests { get; private set; }

    public int Queued { get; private set; }

    public int QueuedSeats { get; private set; }

    /// <summary>Highest seats executing + queued since the last borrowing adjustment.</summary>
    public int DemandHighWatermark { get; set; }

    /// <summary>Seconds a client is told to wait after a 429 (1–32, per level, as the dropped-requests tracker).</summary>
    public int RetryAfter { get; private set; } = 1;

    public bool Exempt => Spec.Kind == PriorityLevelKind.Exempt;

    /// <summary>Seats a request of <paramref name="seats"/> takes here (capped by the level's per-request maximum).</summary>
    public int Width(int seats) => Math.Clamp(seats, 1, MaxSeats);

    /// <summary>True when a request of this width can start now without waiting behind others.</summary>
    public bool CanStartNow(int width) => Exempt || (Queued == 0 && ExecutingSeats + width <= CurrentLimit);

    /// <summary>Queues the request in the shortest queue of its flow's hand; false when that queue is full.</summary>
    public bool TryEnqueue(SimRequest request)
    {
        if (queues.Length == 0)
        {
            return false;
        }

        LinkedList<SimRequest>? shortest = null;
        foreach (var index in HandOf(request.Flow.FlowSchema + "/" + request.Flow.FlowKey))
        {
            if (shortest is null || queues[index].Count < shortest.Count)
            {
                shortest = queues[index];
            }
        }

        if (shortest!.Count >= Spec.QueueLengthLimit)
        {
            return false;
        }

        request.QueueNode = shortest.AddLast(request);
        Queued++;
        QueuedSeats += Width(request.Seats);
        Track();
        return true;
    }

    /// <summary>Removes a queued request (its wait timed out or its server died).</summary>
    public void Remove(SimRequest request)
    {
        if (request.QueueNode?.List is { } list)
        {
            list.Remove(request.QueueNode);
            Queued--;
            QueuedSeats -= Width(request.Seats);
        }

        request.QueueNode = null;
    }

    /// <summary>The next queued request that fits the free seats, in round-robin order over queues (fair queuing).</summary>
    public SimRequest? NextToDispatch()
    {
        if (Queued == 0)
        {
            return null;
        }

        for (var step = 0; step < queues.Length; step++)
        {
            var index = (roundRobin + step) % queues.Length;
            if (queues[index].First is { } head)
            {
                if (ExecutingSeats + Width(head.Value.Seats) > CurrentLimit)
                {
                    return null;
                }

                roundRobin = (index + 1) % queues.Length;
                Remove(head.Value);
                return head.Value;
            }
        }

        return null;
    }

    public void OnStart(SimRequest request)
    {
        ExecutingSeats += Width(request.Seats);
        ExecutingRequests++;
        Track();
    }

    public void OnFinish(SimRequest request)
    {
        ExecutingSeats -= Width(request.Seats);
        ExecutingRequests--;
    }

    /// <summary>Counts a 429 and updates Retry-After: doubles when ≥ 3 × Retry-After drops in the last Retry-After seconds.</summary>
    public void OnDropped(double now)
    {
        recentDrops.Enqueue(now);
        Adjust(now);
    }

    /// <summary>Called every second: shrinks Retry-After by one when fewer than Retry-After drops happened recently.</summary>
    public void Adjust(double now)
    {
        while (recentDrops.Count > 0 && recentDrops.Peek() < now - RetryAfter)
        {
            recentDrops.Dequeue();
        }

        if (recentDrops.Count >= 3 * RetryAfter && RetryAfter < 32)
        {
            RetryAfter *= 2;
            recentDrops.Clear();
        }
        else if (recentDrops.Count < RetryAfter && RetryAfter > 1)
        {
            RetryAfter--;
        }
    }

    /// <summary>Empties the level (its server died); returns the requests that were queued.</summary>
    public List<SimRequest> Clear()
    {
        var all = new List<SimRequest>(Queued);
        foreach (var queue in queues)
        {
            foreach (var request in queue)
            {
                request.QueueNode = null;
                all.Add(request);
            }

            queue.Clear();
        }

        Queued = 0;
        QueuedSeats = 0;
        ExecutingSeats = 0;
        ExecutingRequests = 0;
        DemandHighWatermark = 0;
        CurrentLimit = Nominal - (Lendable / 2);
        RetryAfter = 1;
        recentDrops.Clear();
        return all;
    }

    private void Track() => DemandHighWatermark = Math.Max(DemandHighWatermark, ExecutingSeats + QueuedSeats);

    private int[] HandOf(string flow)
    {
        if (hands.TryGetValue(flow, out var hand))
        {
            return hand;
        }

        // Shuffle sharding: a stable hash of the flow picks handSize distinct queues.
        var hash = StableHash.Of(flow);
        var size = Math.Min(Spec.HandSize, queues.Length);
        hand = new int[size];
        var chosen = new HashSet<int>();
        for (var i = 0; i < size; i++)
        {
            var index = (int)(hash % (ulong)queues.Length);
            while (!chosen.Add(index))
            {
                index = (index + 1) % queues.Length;
            }

            hand[i] = index;
            hash = (hash * 6364136223846793005UL) + 1442695040888963407UL;
        }

        hands.Add(flow, hand);
        return hand;
    }
}
