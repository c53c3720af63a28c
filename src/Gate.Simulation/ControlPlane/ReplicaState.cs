namespace Gate.Simulation.ControlPlane;

/// <summary>Lifecycle of one kube-apiserver replica.</summary>
public enum ReplicaState
{
    /// <summary>Serving requests.</summary>
    Up,

    /// <summary>Killed (OOM); waiting for the kubelet's CrashLoopBackOff.</summary>
    Down,

    /// <summary>Restarted; loading its watch cache from etcd, not ready yet.</summary>
    Starting,
}
