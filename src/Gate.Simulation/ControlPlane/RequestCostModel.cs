using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Simulation.ControlPlane;

/// <summary>
/// Prices one request of an <see cref="AccessPattern"/> on the simulated server: objects returned and read (watch
/// cache or etcd), response bytes, APF seats as the upstream list work estimator counts them, CPU seconds and
/// transient heap, with the coefficients of <see cref="ServerCalibration"/>.
/// </summary>
public sealed class RequestCostModel
{
    /// <summary>Protobuf bytes per JSON byte (178.1 MB vs 251.8 MB for the same 30,000 pods).</summary>
    public const double ProtobufRatio = 178.1 / 251.8;

    private const double CacheFilterCpuPerObject = 1e-6;
    private const int Namespaces = 50;

    private readonly ClusterProfile profile;
    private readonly ServerCalibration calibration;

    public RequestCostModel(ClusterProfile profile, ServerCalibration calibration)
    {
        this.profile = profile ?? throw new ArgumentNullException(nameof(profile));
        this.calibration = calibration ?? throw new ArgumentNullException(nameof(calibration));
    }

    /// <summary>The cost of one request of <paramref name="pattern"/> (for a WATCH: opening it, plus its fan-out cores).</summary>
    public RequestCost Price(AccessPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var stats = profile.Resources.GetValueOrDefault(pattern.Resource)
            ?? new ResourceStats { Count = 0, MeanJsonBytes = 1000 };
        var scope = pattern.Scope switch
        {
            PatternScope.Cluster => "cluster",
            PatternScope.Namespace => "namespace",
            PatternScope.Object => "resource",
            _ => pattern.Resource == "nodes" ? "resource" : "cluster",
        };
        var verb = pattern.Verb.ToString().ToUpperInvariant();
        var mutating = pattern.Verb is ApiVerb.Create or ApiVerb.Update or ApiVerb.Patch or ApiVerb.Delete;
        if (mutating || pattern.Verb == ApiVerb.Get || pattern.Scope == PatternScope.Object)
        {
            var bytes = stats.MeanJsonBytes * EncodingFactor(pattern);
            return new RequestCost
            {
                Verb = verb,
                Resource = pattern.Resource,
                Scope = scope,
                Seats = 1,
                CpuSeconds = calibration.CpuSecondsPerRequest + (bytes / calibration.JsonBytesPerCpuSecond),
                ResponseBytes = bytes,
                MemoryBytes = bytes,
                FromEtcd = mutating,
                Mutating = mutating,
            };
        }

        var returned = Returned(pattern, stats);
        var responseBytes = returned * stats.MeanJsonBytes * EncodingFactor(pattern);
        if (pattern.Verb == ApiVerb.Watch)
        {
            return new RequestCost
            {
                Verb = verb,
                Resource = pattern.Resource,
                Scope = scope,
                Seats = 1,
                CpuSeconds = calibration.CpuSecondsPerRequest,
                ResponseBytes = 0,
                MemoryBytes = 0,
                FromEtcd = false,
                Mutating = false,
                WatchCores = WatchCores(pattern, stats),
            };
        }

        var fromEtcd = FromEtcd(pattern);
        var processed = fromEtcd
            ? (pattern.Scope == PatternScope.Namespace ? stats.Count / Namespaces : stats.Count)
            : (pattern.Scope == PatternScope.Node && pattern.Resource == "pods" ? returned : (pattern.FieldSelector ?? pattern.LabelSelector) is null ? returned : stats.Count);
        var encodeRate = pattern.Encoding == WireEncoding.Protobuf ? calibration.ProtobufBytesPerCpuSecond : calibration.JsonBytesPerCpuSecond;
        var cpu = calibration.CpuSecondsPerRequest + (responseBytes / encodeRate);
        if (!fromEtcd && pattern.ResourceVersion == "0")
        {
            cpu = calibration.CpuSecondsPerRequest + ((cpu - calibration.CpuSecondsPerRequest) * calibration.AnyVersionCpuFactor);
        }

        cpu += fromEtcd
            ? processed * stats.MeanJsonBytes / calibration.EtcdDecodeBytesPerCpuSecond
            : processed > returned ? processed * CacheFilterCpuPerObject : 0;
        var page = pattern.Limit is int limit && limit > 0 && limit < returned ? limit / returned : 1.0;
        return new RequestCost
        {
            Verb = verb,
            Resource = pattern.Resource,
            Scope = scope,
            Seats = ListSeats(pattern, stats.Count, profile.ConsistentListFromCache),
            CpuSeconds = cpu,
            ResponseBytes = responseBytes,
            MemoryBytes = (calibration.ListMemoryPerResponseByte * responseBytes * page) + (fromEtcd ? processed * stats.MeanJsonBytes : 0),
            FromEtcd = fromEtcd,
            Mutating = false,
        };
    }

    /// <summary>
    /// APF seats of a LIST, from Gate.Core's <see cref="WorkEstimator"/> (upstream <c>list_work_estimator.go</c>): the
    /// cluster-wide object count, not the objects returned, decides (the level's own cap applies on top).
    /// </summary>
    public static int ListSeats(AccessPattern pattern, double numStored, bool consistentListFromCache) =>
        PatternRequests.Seats(pattern, "list", new ApfServerState { ObjectCount = (long)Math.Round(numStored), ConsistentListFromCache = consistentListFromCache }).InitialSeats;

    private bool FromEtcd(AccessPattern pattern) =>
        WorkEstimator.ShouldListFromStorage(PatternRequests.For(pattern, "list"), profile.ConsistentListFromCache);

    private double Returned(AccessPattern pattern, ResourceStats stats) => pattern.Scope switch
    {
        PatternScope.Node => stats.PerNode ?? (stats.Count / Math.Max(1, profile.Nodes)),
        PatternScope.Namespace => stats.Count / Namespaces,
        PatternScope.Object => 1,
        _ => stats.Count,
    };

    private double WatchCores(AccessPattern pattern, ResourceStats stats)
    {
        var changes = stats.Count * stats.ChangesPerObjectPerSecond;
        var delivered = pattern.Scope switch
        {
            PatternScope.Node => changes / Math.Max(1, profile.Nodes),
            PatternScope.Namespace => changes / Namespaces,
            PatternScope.Object => stats.ChangesPerObjectPerSecond,
            _ => changes,
        };
        return calibration.CoresPerIdleWatch + (delivered * stats.MeanJsonBytes * EncodingFactor(pattern) * calibration.WatchCpuPerEventByte);
    }

    private static double EncodingFactor(AccessPattern pattern) => pattern.Encoding == WireEncoding.Protobuf ? ProtobufRatio : 1.0;
}
