using Gate.Simulation.Engine;

namespace Gate.Simulation.Clients;

/// <summary>
/// One timer per member of a cohort, kept in the cohort's own queue so the simulator holds a single event for all of
/// them (the earliest). A member has at most one pending time: scheduling again or cancelling drops the earlier one.
/// Members due at the same time fire in the order they were scheduled, so a seeded run stays the same run.
/// </summary>
internal sealed class MemberTimers
{
    private readonly Simulator simulator;
    private readonly Action<int> fire;
    private readonly PriorityQueue<(int Member, int Token), (double Time, long Sequence)> queue = new();
    private readonly int[] tokens;
    private long sequence;
    private ScheduledEvent? armed;
    private double armedAt = double.PositiveInfinity;

    /// <param name="simulator">The run's simulator.</param>
    /// <param name="capacity">Members are 0 … capacity − 1.</param>
    /// <param name="fire">Called with the member whose time came.</param>
    public MemberTimers(Simulator simulator, int capacity, Action<int> fire)
    {
        this.simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        this.fire = fire ?? throw new ArgumentNullException(nameof(fire));
        tokens = new int[capacity];
    }

    /// <summary>Entries in the queue, live or dropped (a measure of the timer's memory).</summary>
    public int Queued => queue.Count;

    /// <summary>Fires <paramref name="member"/> at <paramref name="time"/> (never in the past) instead of any earlier time it had.</summary>
    public void Schedule(int member, double time)
    {
        var token = ++tokens[member];
        var at = Math.Max(time, simulator.Now);
        queue.Enqueue((member, token), (at, sequence++));
        if (at < armedAt)
        {
            armed?.Cancel();
            armedAt = at;
            armed = simulator.At(at, Fire);
        }
    }

    /// <summary>Drops the member's pending time, if any.</summary>
    public void Cancel(int member) => tokens[member]++;

    private void Fire()
    {
        armed = null;
        armedAt = double.PositiveInfinity;
        var now = simulator.Now;
        while (queue.TryPeek(out var entry, out var key) && key.Time <= now)
        {
            queue.Dequeue();
            if (tokens[entry.Member] == entry.Token)
            {
                tokens[entry.Member]++;
                fire(entry.Member);
            }
        }

        // Skip dropped entries at the head so the next event is a live one.
        while (queue.TryPeek(out var entry, out _) && tokens[entry.Member] != entry.Token)
        {
            queue.Dequeue();
        }

        if (queue.TryPeek(out _, out var next) && next.Time < armedAt)
        {
            armed?.Cancel();
            armedAt = next.Time;
            armed = simulator.At(next.Time, Fire);
        }
    }
}
