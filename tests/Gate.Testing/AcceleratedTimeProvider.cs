using System.Diagnostics;

namespace Gate.Testing;

/// <summary>
/// A clock that runs <see cref="Factor"/> times faster than real time, from a fixed start. Timers and delays created
/// through it fire after duration ÷ factor of real time, so an engine that bakes "5 minutes" and polls "every 5 s"
/// runs in a fraction of a second while every timestamp it reads stays consistent: request-log rates measured on
/// this clock are rates in the engine's own time.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private readonly DateTimeOffset start;

    public AcceleratedTimeProvider(double factor, DateTimeOffset? start = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        Factor = factor;
        this.start = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>How much faster than real time.</summary>
    public double Factor { get; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => start + watch.Elapsed * Factor;

    /// <inheritdoc />
    public override long GetTimestamp() => (long)(watch.ElapsedTicks * Factor);

    /// <inheritdoc />
    public override long TimestampFrequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / Factor;

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Scale(dueTime), owner.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
