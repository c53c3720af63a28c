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
    /// Heap one LIST holds when it completes, per encoded byte of its response (decode, conversion and encode
    /// buffers; it grows with the request's progress). Fitted on the run that kills servers, many LISTs at once: 50
    /// cluster-wide pod listers every 10 s on the 24 GiB testbed held 30–36 LISTs executing and 19–22 GB of RSS before
    /// the OOM kill within 1–3 minutes; 3× reproduces all three (KEP-3157 reports about 5× the etcd response, whose
    /// protobuf is smaller than the JSON counted here). A lone LIST shows up to 10.7× in RSS (2.7 GB for 251.8 MB):
    /// garbage-collector headroom, which is not live heap and is given back under memory pressure. The estimate and
    /// the simulator both use this one figure.
    /// </summary>
    public const double TransientMemoryPerResponseByte = 3.0;

    /// <summary>
    /// Idle RSS of a replica besides its objects: the process, its codecs, caches of every built-in type, the
    /// informers of its own controllers. With <see cref="IdleMemoryPerStoredByte"/> it gives the measured 3.1 GB idle
    /// for 258.9 MB of stored pods and nodes; the split between the two is the simulator's long-standing fit.
    /// </summary>
    public const double IdleMemoryBaseBytes = 2.4e9;

    /// <summary>Idle RSS per JSON byte of stored objects: the watch cache's decoded objects and their indexes.</summary>
    public const double IdleMemoryPerStoredByte = 2.7;

    /// <summary>RSS of an idle API server replica of <paramref name="profile"/>: its base plus every stored object, cached and indexed.</summary>
    public static double IdleMemoryBytes(ClusterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return IdleMemoryBaseBytes + (profile.Resources.Values.Sum(r => r.Count * r.MeanJsonBytes) * IdleMemoryPerStoredByte);
    }

    /// <summary>Mean seconds between a client-go informer's watch requests: <c>timeoutSeconds = 300 × (1 + rand)</c>.</summary>
    public const double WatchRenewSeconds = 450;
}
