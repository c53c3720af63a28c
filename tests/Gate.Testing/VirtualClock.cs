namespace Gate.Testing;

/// <summary>
/// A virtual clock for deterministic runs: time moves only when someone waits on it. It has two views:
/// <see cref="Passive"/> (for the fake cluster and server: its timers wait for the clock to get there) and
/// <see cref="Driving"/> (for the gate: each wait it starts jumps the clock to its due time, firing every earlier timer
/// in due order first). So the fake cluster's "ready after 10 s" happens exactly when the gate's 5 s polls say, on
/// every machine and under any load; real time is only spent on real HTTP round trips.
/// </summary>
public sealed class VirtualClock
{
    private readonly Lock sync = new();
    private readonly Lock advancing = new();
    private readonly List<VirtualTimer> timers = [];
    private DateTimeOffset now;
    private long sequence;

    public VirtualClock(DateTimeOffset? start = null)
    {
        now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Passive = new View(this, driving: false);
        Driving = new View(this, driving: true);
    }

    /// <summary>Timers created here fire when the clock reaches them (the cluster's controllers).</summary>
    public TimeProvider Passive { get; }

    /// <summary>Timers created here move the clock to their due time (the gate's waits and retry backoffs).</summary>
    public TimeProvider Driving { get; }

    /// <summary>The virtual now.</summary>
    public DateTimeOffset Now
    {
        get
        {
            lock (sync)
            {
                return now;
            }
        }
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, firing due timers in order (on a pool thread, so no continuation runs inline here).</summary>
    public Task AdvanceAsync(TimeSpan by)
    {
        var target = Now + by;
        return Task.Run(() => AdvanceTo(target));
    }

    private void AdvanceTo(DateTimeOffset target)
    {
        lock (advancing)
        {
            while (true)
            {
                VirtualTimer? next;
                lock (sync)
                {
                    next = timers.Where(t => t.Due <= target).OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
                    if (next is null)
                    {
                        if (target > now)
                        {
                            now = target;
                        }

                        return;
                    }

                    if (next.Due > now)
                    {
                        now = next.Due;
                    }

                    if (next.Period > TimeSpan.Zero)
                    {
                        next.Due = now + next.Period;
                    }
                    else
                    {
                        timers.Remove(next);
                    }
                }

                next.Callback(next.State);
            }
        }
    }

    private VirtualTimer Create(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, bool driving)
    {
        var timer = new VirtualTimer(callback, state);
        Schedule(timer, dueTime, period, driving);
        return timer;
    }

    private void Schedule(VirtualTimer timer, TimeSpan dueTime, TimeSpan period, bool driving)
    {
        DateTimeOffset due;
        lock (sync)
        {
            timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            due = now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            timer.Due = due;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.Sequence = ++sequence;
            timers.Add(timer);
        }

        if (driving)
        {
            ThreadPool.QueueUserWorkItem(_ => AdvanceTo(due));
        }
    }

    private void Remove(VirtualTimer timer)
    {
        lock (sync)
        {
            timers.Remove(timer);
        }
    }

    private sealed class View(VirtualClock clock, bool driving) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.Now;

        public override long GetTimestamp() => clock.Now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new Handle(clock, clock.Create(callback, state, dueTime, period, driving), driving);
    }

    private sealed class Handle(VirtualClock clock, VirtualTimer timer, bool driving) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Schedule(timer, dueTime, period, driving);
            return true;
        }

        public void Dispose() => clock.Remove(timer);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class VirtualTimer(TimerCallback callback, object? state)
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; set; }

        public long Sequence { get; set; }
    }
}
