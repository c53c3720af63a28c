using Gate.Core.Agents;

namespace Gate.Core.Cost;

/// <summary>
/// Requests to an API group served by an extension API server (an <c>APIService</c> with <c>spec.service</c>, or the
/// well-known metrics APIs): the kube-apiserver's aggregator only proxies them
/// (kubernetes/kubernetes <c>staging/src/k8s.io/kube-aggregator/pkg/apiserver/handler_proxy.go</c>: the request is
/// passed to the service through an upgrade-aware proxy that copies the backend's bytes, never decoding them), so
/// they read nothing from the watch cache or etcd. They still pass the kube-apiserver's filters, APF among them,
/// where the list work estimator finds no object count for the resource and gives the request the minimum seats
/// (<c>staging/src/k8s.io/apiserver/pkg/util/flowcontrol/request/list_work_estimator.go</c>, ObjectCountNotFoundErr:
/// "the type is an aggregated resource that is served by a different apiserver"). Priced here: the requests, the
/// bytes through (counted against the read budget: they cross the API server twice over TLS), the seats, and the
/// CPU of passing them on — no storage, no cache memory.
/// </summary>
internal static class ProxiedRequests
{
    /// <summary>Groups always served by an extension API server (metrics-server, a custom or external metrics adapter).</summary>
    public static IReadOnlySet<string> WellKnownGroups { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "metrics.k8s.io", "custom.metrics.k8s.io", "external.metrics.k8s.io" };

    /// <summary>What reports show where a read is served from.</summary>
    public const string ServedFrom = "extension-apiserver";

    /// <summary>
    /// Passing bytes on costs a tenth of encoding them (Gate's assumption: the proxy copies TLS streams, it does not
    /// convert or serialise objects).
    /// </summary>
    private const double CopyCostFactor = 0.1;

    /// <summary>Mean JSON bytes of an object of the metrics APIs (a NodeMetrics, a PodMetrics with its containers, a metric value).</summary>
    private static double ObjectBytes(AccessPattern p) => p.Resource switch
    {
        "nodes" => 400,
        "pods" => 1_000,
        _ => 500,
    };

    /// <summary>True when the pattern's group is served by an extension API server.</summary>
    public static bool IsProxied(AccessPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.ProxiedTo is not null || WellKnownGroups.Contains(pattern.Group);
    }

    /// <summary>The pattern's cost as a proxied request.</summary>
    public static PatternCost Cost(AccessPattern p, FleetContext fleet)
    {
        var objects = p.Verb == ApiVerb.List ? Objects(p, fleet) : 1;
        var bytes = objects * ObjectBytes(p);
        var cpu = CostCalibration.RequestOverheadCpuSeconds + (bytes * CopyCostFactor / fleet.BytesPerCoreSecond);
        var seats = fleet.Config.MinimumSeats;
        var watch = p.Verb == ApiVerb.Watch;
        var rate = watch ? fleet.Replicas / CostCalibration.WatchRenewSeconds : p.PeriodSeconds is > 0 ? fleet.Replicas / p.PeriodSeconds.Value : 0;
        var startups = watch ? 0 : fleet.Replicas;
        var reads = p.Verb is ApiVerb.List or ApiVerb.Get;
        return new PatternCost
        {
            Pattern = p,
            RequestsPerSecond = rate,
            ObjectsPerResponse = objects,
            ObjectsProcessed = 0,
            BytesPerResponse = bytes,
            WireBytesPerResponse = bytes,
            Seats = seats,
            ServedFrom = ServedFrom,
            ServedFromReason = $"proxied to {p.ProxiedTo ?? "the extension API server of " + p.Group}: the kube-apiserver reads neither its watch cache nor etcd, and APF gives the request the minimum seats (no object count for an aggregated resource)",
            BytesPerSecond = watch ? 0 : rate * bytes,
            CpuCores = rate * cpu,
            SeatSecondsPerSecond = rate * seats * (cpu / CostCalibration.RequestCpuParallelism),
            StartupRequests = startups,
            StartupSeats = startups * seats,
            StartupBytes = reads ? startups * bytes : 0,
            StartupCpuSeconds = startups * cpu,
            TransientMemoryBytes = 0,
            PriorityLevel = fleet.Level.Name,
        };
    }

    /// <summary>Objects a proxied LIST returns: the nodes or pods of its scope for the metrics API, else one.</summary>
    private static double Objects(AccessPattern p, FleetContext fleet) =>
        p.Group == "metrics.k8s.io" && p.Resource is "nodes" or "pods" ? PatternCalculator.ScopeObjects(p, fleet.Profile) : 1;
}
