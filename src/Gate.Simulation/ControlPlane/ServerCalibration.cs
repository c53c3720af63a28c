namespace Gate.Simulation.ControlPlane;

/// <summary>
/// The coefficients of the simulated API server, fitted to the real v1.32 measurements in
/// <c>docs/calibration/testbed-v1.32.json</c> (docs/simulation.md lists each fit).
/// </summary>
public sealed record ServerCalibration
{
    /// <summary>Fixed CPU of any request (authn, authz, APF, routing, logging): 5 ms.</summary>
    public double CpuSecondsPerRequest { get; init; } = 0.005;

    /// <summary>JSON bytes encoded per CPU-second for a consistent cache read (251.8 MB cost 3.3 CPU-s).</summary>
    public double JsonBytesPerCpuSecond { get; init; } = 251.8e6 / 3.3;

    /// <summary>CPU of a <c>resourceVersion=0</c> read relative to a consistent one (2.7 s vs 3.3 s).</summary>
    public double AnyVersionCpuFactor { get; init; } = 2.7 / 3.3;

    /// <summary>Protobuf bytes encoded per CPU-second (178.1 MB cost 1.55 CPU-s).</summary>
    public double ProtobufBytesPerCpuSecond { get; init; } = 178.1e6 / 1.55;

    /// <summary>Stored JSON bytes decoded per CPU-second for an etcd read (30,000 pods, 252 MB, cost 2.0 CPU-s).</summary>
    public double EtcdDecodeBytesPerCpuSecond { get; init; } = 252e6 / 2.0;

    /// <summary>Most cores one request can use (one LIST: 3.3 CPU-s in 2.31 s wall).</summary>
    public double MaxCoresPerRequest { get; init; } = 3.3 / 2.31;

    /// <summary>RSS of an idle server beyond its watch cache (3.1 GB idle at 1,000 nodes / 30,000 pods).</summary>
    public double IdleRssBaseBytes { get; init; } = 2.4e9;

    /// <summary>RSS per byte of objects held in the watch cache.</summary>
    public double IdleRssPerCachedByte { get; init; } = 2.7;

    /// <summary>
    /// Transient heap a LIST holds at completion per response byte (decode, convert, encode buffers); it grows with
    /// the request's progress. Fitted so 50 cluster-wide listers every 10 s kill the testbed's server after ~72 s (KEP-3157 reports ~5× the etcd response).
    /// </summary>
    public double ListMemoryPerResponseByte { get; init; } = 3.0;

    /// <summary>CPU-seconds per byte of watch event sent to one watcher (same encoder as a LIST).</summary>
    public double WatchCpuPerEventByte { get; init; } = 3.3 / 251.8e6;

    /// <summary>Cores an idle open watch costs (bookmarks, timers): 1,000 idle watchers ≈ 0.02 cores.</summary>
    public double CoresPerIdleWatch { get; init; } = 2e-5;

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
