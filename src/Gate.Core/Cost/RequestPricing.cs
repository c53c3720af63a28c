using Gate.Core.Agents;

namespace Gate.Core.Cost;

/// <summary>What one request of an access pattern costs one API server, from the same model as the estimate.</summary>
public sealed record RequestPrice
{
    /// <summary>APF seats the request occupies while it executes (the first page's, or a later page's if more).</summary>
    public required int Seats { get; init; }

    /// <summary>API server CPU-seconds of the whole response (every page; fixed overhead, encoding, etcd decoding).</summary>
    public required double CpuSeconds { get; init; }

    /// <summary>Encoded response bytes (for a WATCH: one event).</summary>
    public required double ResponseBytes { get; init; }

    /// <summary>Bytes read to answer it: the response, or every object of the range when etcd serves it.</summary>
    public required double ReadBytes { get; init; }

    /// <summary>Transient heap the request holds at its peak (<see cref="CostCalibration.TransientMemoryPerResponseByte"/>).</summary>
    public required double TransientMemoryBytes { get; init; }

    /// <summary>True for a create, update, patch or delete.</summary>
    public required bool Mutating { get; init; }

    /// <summary>True when etcd serves (or, for a write, stores) the request.</summary>
    public required bool FromEtcd { get; init; }

    /// <summary>Why it is served where it is (version, feature gates, request options).</summary>
    public required string ServedFromReason { get; init; }

    /// <summary>For a WATCH: the cores its upkeep and the events it is sent cost while it is open.</summary>
    public double WatchCores { get; init; }

    /// <summary>For a WATCH: events per second it is sent.</summary>
    public double WatchEventsPerSecond { get; init; }

    /// <summary>For a WATCH: encoded bytes of one event.</summary>
    public double WatchEventBytes { get; init; }
}

/// <summary>
/// Prices single requests for whoever needs them one at a time (the simulator): a request's price is what one replica
/// pays making it once, read off <see cref="PatternCalculator"/>, so the estimate and the simulator cannot disagree on
/// the constants, the APF table or where a read is served.
/// </summary>
public static class RequestPricing
{
    /// <summary>
    /// Events per second of <paramref name="resource"/> entering the watch cache of <paramref name="profile"/>'s
    /// cluster: what one cluster-wide watcher of it is sent.
    /// </summary>
    public static double ClusterEventsPerSecond(string resource, ClusterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(profile);
        return PatternCalculator.ChangesPerWatcher(new AccessPattern { Verb = ApiVerb.Watch, Resource = resource, Scope = PatternScope.Cluster }, profile);
    }

    /// <summary>The price of one request of <paramref name="pattern"/> on a server of <paramref name="profile"/>.</summary>
    public static RequestPrice Price(AccessPattern pattern, ClusterProfile profile, WorkEstimatorConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(profile);
        var once = pattern with { PeriodSeconds = null, Replicas = null, LeaderElected = false };
        var level = ApfConfiguration.Limits(profile.ApiServer, ApfConfiguration.WorkloadLow);
        var fleet = new FleetContext(profile, 1, level, [once], config ?? WorkEstimatorConfig.Default);
        var cost = PatternCalculator.Cost(once, fleet);
        var mutating = pattern.Verb is ApiVerb.Create or ApiVerb.Update or ApiVerb.Patch or ApiVerb.Delete;
        var watch = pattern.Verb == ApiVerb.Watch;
        return new RequestPrice
        {
            Seats = cost.Seats,
            CpuSeconds = watch ? CostCalibration.RequestOverheadCpuSeconds : cost.StartupCpuSeconds,
            ResponseBytes = watch ? 0 : cost.BytesPerResponse,
            ReadBytes = watch ? 0 : mutating ? cost.BytesPerResponse : cost.StartupBytes,
            TransientMemoryBytes = watch ? 0 : cost.TransientMemoryBytes,
            Mutating = mutating,
            FromEtcd = mutating || cost.ServedFrom == ReadServing.Etcd,
            ServedFromReason = cost.ServedFromReason,
            WatchCores = watch ? cost.CpuCores : 0,
            WatchEventsPerSecond = watch ? cost.WatchEventsPerSecond : 0,
            WatchEventBytes = watch ? cost.BytesPerResponse : 0,
        };
    }
}
