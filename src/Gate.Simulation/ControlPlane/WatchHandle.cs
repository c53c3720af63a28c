namespace Gate.Simulation.ControlPlane;

/// <summary>
/// An open WATCH on one replica, or <see cref="Count"/> alike watches of a cohort's members on it; the control plane
/// calls <see cref="Broken"/> when that replica dies.
/// </summary>
public sealed class WatchHandle
{
    internal WatchHandle(ApiServerReplica replica, SimRequest request, double coresWhileOpen, Action broken)
    {
        Replica = replica;
        Request = request;
        CoresWhileOpen = coresWhileOpen;
        Broken = broken;
    }

    public ApiServerReplica Replica { get; }

    internal SimRequest Request { get; }

    /// <summary>API server cores this watch costs while open: its share of the event fan-out plus idle upkeep.</summary>
    public double CoresWhileOpen { get; }

    internal Action Broken { get; }

    /// <summary>Watches this handle stands for (one, or a cohort's members watching the same thing on this replica).</summary>
    public int Count { get; internal set; } = 1;

    /// <summary>False once closed by the client or broken by the server.</summary>
    public bool Open { get; internal set; } = true;
}
