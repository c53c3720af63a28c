namespace Gate.Core.Cost;

/// <summary>
/// Coefficients of the byte, CPU and memory model, each calibrated on the real kube-apiserver v1.32 measurements in
/// <c>docs/calibration</c> (2-core / 24 GiB testbed, 1,000 nodes, 30,000 pods). docs/cost-model.md derives each one.
/// </summary>
public static class CostCalibration
{
    /// <summary>Protobuf / JSON response size: 178.1 MB / 251.8 MB for the same 30,000 pods.</summary>
    public const double ProtobufSizeFactor = 178.1 / 251.8;

    /// <summary>Protobuf / JSON API server CPU for the same LIST: 1.55 s / 3.3 s.</summary>
    public const double ProtobufCpuFactor = 1.55 / 3.3;

    /// <summary>gzip / JSON wire size of a LIST: 21.4 MB / 251.8 MB.</summary>
    public const double GzipSizeFactor = 21.4 / 251.8;

    /// <summary>
    /// Responses at least this large are gzipped on the wire (APIResponseCompression's 128 KiB threshold; Go clients
    /// send <c>Accept-Encoding: gzip</c> by default).
    /// </summary>
    public const double GzipThresholdBytes = 128 * 1024;

    /// <summary>CPU of a cache LIST with <c>resourceVersion=0</c> relative to a consistent read: 2.7 s / 3.3 s.</summary>
    public const double ResourceVersionZeroCpuFactor = 2.7 / 3.3;

    /// <summary>
    /// CPU seconds every request costs besides its bytes (authn/z, APF, filters, routing): fitted so a node-scoped
    /// LIST costs 7.8 ms (measured 6–8 ms) and 100 node-scoped LIST/s cost 0.78 cores (measured 0.96).
    /// </summary>
    public const double RequestOverheadCpuSeconds = 0.0045;

    /// <summary>
    /// JSON-equivalent bytes of objects read from etcd and decoded/filtered per core-second: the etcd-served
    /// node-scoped LIST read 30,000 pods (252 MB as JSON) for 2.0 CPU-seconds.
    /// </summary>
    public const double EtcdBytesPerCoreSecond = 252e6 / 2.0;

    /// <summary>API server cores one idle watcher costs (bookmarks, timers): 1,000 idle pod watchers ≈ 0.03 cores.</summary>
    public const double IdleWatcherCpuCores = 0.03 / 1000;

    /// <summary>
    /// CPU parallelism of one large request (wall = CPU / this): 3.3 CPU-s in 2.31 s wall (cache), 2.0 in 1.47 s (etcd).
    /// </summary>
    public const double RequestCpuParallelism = 1.4;

    /// <summary>
    /// Transient memory of one in-flight LIST per JSON byte of its response. One 251.8 MB LIST raised RSS by 2.7 GB
    /// (10.7×); 9 concurrent LISTs fit in 24 GiB with limited inflight, 36 did not with default inflight; KEP-3157
    /// reports about 5× the etcd response. 8× sits inside both bounds.
    /// </summary>
    public const double TransientMemoryPerResponseByte = 8.0;

    /// <summary>Idle RSS per byte of stored objects (watch cache and indexes): 3.1 GB idle for 258.9 MB of pods and nodes.</summary>
    public const double IdleMemoryPerStoredByte = 3.1e9 / 258.9e6;

    /// <summary>Mean seconds between a client-go informer's watch requests: <c>timeoutSeconds = 300 × (1 + rand)</c>.</summary>
    public const double WatchRenewSeconds = 450;
}
