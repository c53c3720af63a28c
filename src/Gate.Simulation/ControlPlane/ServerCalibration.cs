namespace Gate.Simulation.ControlPlane;

/// <summary>
/// What only the simulated API server needs beyond the cost of each request (which comes from Gate.Core's
/// <see cref="Gate.Core.Cost.CostCalibration"/>, shared with the estimate, as is idle memory): background load, timeouts,
/// restart times. Fitted to the real v1.32 measurements in <c>docs/calibration/testbed-v1.32.json</c>
/// (docs/simulation.md lists each fit).
/// </summary>
public sealed record ServerCalibration
{
    /// <summary>Background cores of an API server with no agents: controllers, leader election (0.26 at 1,000 nodes).</summary>
    public double BackgroundCoresBase { get; init; } = 0.06;

    /// <summary>Background cores per node (node status, lease renewals of the cluster's own components).</summary>
    public double BackgroundCoresPerNode { get; init; } = 0.0002;

    /// <summary>--request-timeout (60 s).</summary>
    public double RequestTimeoutSeconds { get; init; } = 60;

    /// <summary>APF queue wait limit: min(¼ request timeout, 1 min) = 15 s.</summary>
    public double QueueWaitLimitSeconds => Math.Min(RequestTimeoutSeconds / 4, 60);

    /// <summary>Process start of a restarted kube-apiserver before it loads its watch cache.</summary>
    public double StartupBaseSeconds { get; init; } = 8;

    /// <summary>Stored bytes per second the watch cache loads from etcd at start.</summary>
    public double WatchCacheLoadBytesPerSecond { get; init; } = 150e6;

    /// <summary>First CrashLoopBackOff delay of the kubelet (10 s, doubling to 300 s).</summary>
    public double CrashLoopInitialSeconds { get; init; } = 10;

    public double CrashLoopMaxSeconds { get; init; } = 300;
}
