namespace Gate.Simulation.Engine;

/// <summary>
/// The discrete-event core: a simulated clock in seconds and a queue of scheduled actions. Events at the same time
/// run in the order they were scheduled, so a run with the same seed is the same run.
/// </summary>
public sealed class Simulator
{
    private readonly PriorityQueue<ScheduledEvent, (double Time, long Sequence)> queue = new();
    private long sequence;

    /// <summary>Creates a simulator whose random source is seeded with <paramref name="seed"/>.</summary>
    public Simulator(int seed)
    {
        Random = new Random(seed);
    }

    /// <summary>Simulated seconds since the start of the run.</summary>
    public double Now { get; private set; }

    /// <summary>The run's only source of randomness.</summary>
    public Random Random { get; }

    /// <summary>Events executed so far (a measure of the run's work).</summary>
    public long EventsExecuted { get; private set; }

    /// <summary>Time of the next pending event, or <see cref="double.PositiveInfinity"/> when none is.</summary>
    public double NextEventTime
    {
        get
        {
            while (queue.TryPeek(out var next, out var key))
            {
                if (!next.Cancelled)
                {
                    return key.Time;
                }

                queue.Dequeue();
            }

            return double.PositiveInfinity;
        }
    }

    /// <summary>Schedules <paramref name="action"/> at absolute time <paramref name="time"/> (never in the past).</summary>
    public ScheduledEvent At(double time, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var scheduled = new ScheduledEvent(Math.Max(time, Now), action);
        queue.Enqueue(scheduled, (scheduled.Time, sequence++));
        return scheduled;
    }

    /// <summary>Schedules <paramref name="action"/> <paramref name="delay"/> seconds from now.</summary>
    public ScheduledEvent After(double delay, Action action) => At(Now + Math.Max(0, delay), action);

    /// <summary>Runs every event due up to and including <paramref name="time"/>, then sets the clock to it.</summary>
    public void RunUntil(double time)
    {
        while (queue.TryPeek(out var next, out var key) && key.Time <= time)
        {
            queue.Dequeue();
            if (next.Cancelled)
            {
                continue;
            }

            Now = key.Time;
            next.Cancelled = true;
            EventsExecuted++;
            next.Action();
        }

        Now = Math.Max(Now, time);
    }

    /// <summary>Runs until <paramref name="stop"/> returns true (checked after every event) or <paramref name="limit"/> is reached.</summary>
    public bool RunUntil(Func<bool> stop, double limit)
    {
        ArgumentNullException.ThrowIfNull(stop);
        while (!stop())
        {
            var next = NextEventTime;
            if (next > limit)
            {
                Now = Math.Max(Now, limit);
                return false;
            }

            RunUntil(next);
        }

        return true;
    }
}
