namespace Gate.Simulation.Engine;

/// <summary>An action scheduled on the <see cref="Simulator"/>; cancel it to drop it without running it.</summary>
public sealed class ScheduledEvent
{
    internal ScheduledEvent(double time, Action action)
    {
        Time = time;
        Action = action;
    }

    /// <summary>Simulated time the action runs at.</summary>
    public double Time { get; }

    internal Action Action { get; }

    /// <summary>True once the event ran or was cancelled.</summary>
    public bool Cancelled { get; internal set; }

    /// <summary>Drops the event if it has not run yet.</summary>
    public void Cancel() => Cancelled = true;
}
