using Gate.Simulation.Clients;

namespace Gate.Simulation.Cluster;

/// <summary>Phase of a simulated agent pod.</summary>
public enum PodPhase
{
    /// <summary>Created; the kubelet is starting its container.</summary>
    Pending,

    /// <summary>The agent runs (and calls the API server).</summary>
    Running,

    /// <summary>Deleted; shutting down.</summary>
    Terminating,
}

/// <summary>One pod of a simulated DaemonSet on one node.</summary>
public sealed class SimPod
{
    internal SimPod(int node, string name, SimRevision revision, double createdAt)
    {
        Node = node;
        Name = name;
        Revision = revision;
        CreatedAt = createdAt;
    }

    public int Node { get; }

    public string Name { get; }

    public SimRevision Revision { get; }

    public double CreatedAt { get; }

    public PodPhase Phase { get; internal set; } = PodPhase.Pending;

    public bool Ready { get; internal set; }

    /// <summary>Container restarts (always 0: the simulated agent does not crash).</summary>
    public int Restarts { get; internal set; }

    internal AgentInstance? Agent { get; set; }

    /// <summary>What the pod counts for in its DaemonSet's counts (live: not terminating; ready), as last counted.</summary>
    internal (bool Live, bool Ready) Counted { get; set; }
}
