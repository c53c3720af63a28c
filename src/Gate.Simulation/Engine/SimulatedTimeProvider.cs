namespace Gate.Simulation.Engine;

/// <summary>
/// A <see cref="TimeProvider"/> over the simulator's clock: code that takes a TimeProvider (the rollout engine,
/// the health judge) sees simulated time, and its timers fire as simulator events, never on wall time.
/// </summary>
public sealed class SimulatedTimeProvider : TimeProvider
{
    /// <summary>The wall time simulated second 0 stands for (fixed, so every run prints the same instants).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Simulator simulator;

    public SimulatedTimeProvider(Simulator simulator)
    {
        this.simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
    }

    public override DateTimeOffset GetUtcNow() => Epoch + TimeSpan.FromSeconds(simulator.Now);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => (long)(simulator.Now * TimeSpan.TicksPerSecond);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(simulator, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class SimulatedTimer(Simulator simulator, TimerCallback callback, object? state) : ITimer
    {
        private ScheduledEvent? pending;
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            pending?.Cancel();
            pending = null;
            this.period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Arm(dueTime);
            }

            return true;
        }

        public void Dispose()
        {
            pending?.Cancel();
            pending = null;
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan due)
        {
            pending = simulator.After(Math.Max(0, due.TotalSeconds), () =>
            {
                pending = null;
                if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
                {
                    Arm(period);
                }

                callback(state);
            });
        }
    }
}
