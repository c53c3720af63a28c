using Gate.Core.Agents;

namespace Gate.Core.Cost;

/// <summary>What every pattern of one workload at one cluster size shares.</summary>
internal sealed record FleetContext(
    ClusterProfile Profile,
    double Replicas,
    PriorityLevelLimits Level,
    IReadOnlyList<AccessPattern> Patterns,
    WorkEstimatorConfig Config)
{
    public int ApiReplicas => Math.Max(1, Profile.ApiServer.Replicas);

    /// <summary>The version and feature gates that decide where reads are served.</summary>
    public ApiServerFeatures Features { get; } = Profile.Features;

    public double BytesPerCoreSecond => Profile.ApiServer.BytesPerCoreSecond;

    /// <summary>
    /// Copies of <paramref name="pattern"/> in the cluster: the workload's replicas, or the pattern's own count (the
    /// elected leader, N shards) when it has one — never more than the replicas running.
    /// </summary>
    public double ReplicasOf(AccessPattern pattern) =>
        pattern.Replicas is { } own ? Math.Min(Math.Max(0, own), Replicas) : Replicas;

    /// <summary>This fleet as seen by one pattern: <see cref="Replicas"/> is the pattern's own count.</summary>
    public FleetContext For(AccessPattern pattern) =>
        pattern.Replicas is null ? this : this with { Replicas = ReplicasOf(pattern) };
}

/// <summary>The cost of one access pattern for a whole fleet (docs/cost-model.md, "Per pattern").</summary>
internal static class PatternCalculator
{
    /// <summary>
    /// The pattern's cost; <paramref name="workloadFleet"/> carries the workload's replicas, priced here with the
    /// pattern's own count when it has one (<see cref="AccessPattern.Replicas"/>).
    /// </summary>
    public static PatternCost Cost(AccessPattern pattern, FleetContext workloadFleet)
    {
        var fleet = workloadFleet.For(pattern);
        if (ProxiedRequests.IsProxied(pattern))
        {
            return ProxiedRequests.Cost(pattern, fleet);
        }

        return pattern.Verb switch
        {
            ApiVerb.List => List(pattern, fleet),
            ApiVerb.Get => Get(pattern, fleet),
            ApiVerb.Watch => Watch(pattern, fleet),
            _ => Mutation(pattern, fleet, workloadFleet),
        };
    }

    /// <summary>Objects the pattern's scope covers: one, the node's, the namespace's or the cluster's.</summary>
    internal static double ScopeObjects(AccessPattern pattern, ClusterProfile profile)
    {
        var stats = profile.StatsOf(pattern.Resource);
        if (pattern.Scope == PatternScope.Object || NamesOneObject(pattern))
        {
            return Math.Min(1, stats.Count);
        }

        return pattern.Scope switch
        {
            PatternScope.Node => Math.Min(stats.Count, stats.PerNode ?? 1),
            PatternScope.Namespace => NamespaceObjects(stats, profile),
            _ => stats.Count,
        };
    }

    private static double NamespaceObjects(ResourceStats stats, ClusterProfile profile)
    {
        var namespaces = Math.Max(1, profile.StatsOf("namespaces").Count);
        return Math.Min(stats.Count, Math.Max(1, stats.Count / namespaces));
    }

    private static bool NamesOneObject(AccessPattern p) =>
        FieldSelectors.RequiresExactMatch(p.FieldSelector, FieldSelectors.MetadataName) is { Length: > 0 }
        || (p.Scope == PatternScope.Node && p.Resource != "pods");

    private static bool PodNodeIndexed(AccessPattern p) =>
        p.Resource == "pods"
        && (p.Scope == PatternScope.Node || FieldSelectors.RequiresExactMatch(p.FieldSelector, FieldSelectors.PodNodeName) is { Length: > 0 });

    internal static ApfRequest Request(AccessPattern p, string verb) => new()
    {
        Verb = verb,
        Group = p.Group,
        Resource = p.Resource,
        Namespace = p.Scope == PatternScope.Namespace ? "agent-namespace" : string.Empty,
        Name = p.Scope == PatternScope.Object || NamesOneObject(p) ? "object" : null,
        FieldSelector = p.FieldSelector ?? (p.Scope == PatternScope.Node && p.Resource == "pods" ? "spec.nodeName=node" : null),
        LabelSelector = p.LabelSelector,
        ResourceVersion = p.ResourceVersion,
        Limit = p.Limit ?? 0,
    };

    private static ApfServerState Server(AccessPattern p, FleetContext fleet, int interestedWatches = 0) => new()
    {
        ObjectCount = (long)Math.Round(fleet.Profile.StatsOf(p.Resource).Count),
        ConsistentListFromCache = fleet.Features.ConsistentReadFromCache,
        WatchList = fleet.Features.WatchList,
        KubernetesMinor = fleet.Features.Minor,
        PriorityLevelMaxSeats = fleet.Level.MaxSeatsPerRequest,
        InterestedWatches = interestedWatches,
    };

    private static double EncodedBytes(AccessPattern p, double jsonBytes) =>
        p.Encoding == WireEncoding.Protobuf ? jsonBytes * CostCalibration.ProtobufSizeFactor : jsonBytes;

    private static double EncodeCpuSeconds(AccessPattern p, double jsonBytes, FleetContext fleet)
    {
        var factor = p.Encoding == WireEncoding.Protobuf ? CostCalibration.ProtobufCpuFactor : 1.0;
        if (p.ResourceVersion == "0")
        {
            factor *= CostCalibration.ResourceVersionZeroCpuFactor;
        }

        return jsonBytes * factor / fleet.BytesPerCoreSecond;
    }

    private static double WireBytes(double bytes) =>
        bytes >= CostCalibration.GzipThresholdBytes ? bytes * CostCalibration.GzipSizeFactor : bytes;

    /// <summary>Informer lists (once at start, with a watch on the same resource and scope) relist after watch expiry.</summary>
    private static double RelistRate(AccessPattern p, FleetContext fleet) =>
        p.PeriodSeconds is null
        && fleet.Patterns.Any(w => w.Verb == ApiVerb.Watch && w.GroupResource == p.GroupResource && w.Scope == p.Scope)
            ? fleet.Replicas / fleet.Profile.RelistIntervalSeconds
            : 0;

    private static double PeriodicRate(AccessPattern p, FleetContext fleet) =>
        p.PeriodSeconds is > 0 ? fleet.Replicas / p.PeriodSeconds.Value : 0;

    private static PatternCost List(AccessPattern p, FleetContext fleet)
    {
        var stats = fleet.Profile.StatsOf(p.Resource);
        var returned = ScopeObjects(p, fleet.Profile);
        var request = Request(p, "list");
        var serving = ServingRules.List(request, fleet.Features);
        var limit = p.ResourceVersion == "0" ? 0 : p.Limit ?? 0;
        var pages = limit > 0 && limit < returned ? Math.Ceiling(returned / limit) : 1;
        var servedFromEtcd = serving.FromEtcd || (pages > 1 && serving.ContinueFromEtcd);
        var named = p.Scope == PatternScope.Object || NamesOneObject(p);
        var range = named ? 1 : p.Scope == PatternScope.Namespace ? NamespaceObjects(stats, fleet.Profile) : stats.Count;
        var processed = servedFromEtcd ? range : named ? 1 : PodNodeIndexed(p) ? returned : range;

        var jsonBytes = returned * stats.MeanJsonBytes;
        var bytes = EncodedBytes(p, jsonBytes);
        var etcdBytes = servedFromEtcd ? processed * stats.MeanJsonBytes : 0;
        var cpu = (pages * CostCalibration.RequestOverheadCpuSeconds)
            + EncodeCpuSeconds(p, jsonBytes, fleet)
            + (etcdBytes / CostCalibration.EtcdBytesPerCoreSecond);
        var wall = cpu / CostCalibration.RequestCpuParallelism;

        var server = Server(p, fleet);
        var first = WorkEstimator.Estimate(request, server, fleet.Config);
        var next = WorkEstimator.Estimate(request with { Continue = "continue" }, server, fleet.Config);
        var seatSeconds = first.SeatSeconds(wall / pages) + ((pages - 1) * next.SeatSeconds(wall / pages));
        var seatsPerResponse = first.MaxSeats + ((pages - 1) * next.MaxSeats);

        var pageBytes = bytes / pages;
        var transient = (pageBytes * CostCalibration.TransientMemoryPerResponseByte)
            + (etcdBytes / pages * CostCalibration.ProtobufSizeFactor);

        var relists = RelistRate(p, fleet);
        var responses = PeriodicRate(p, fleet) + relists;
        var readBytes = Math.Max(bytes, etcdBytes);
        return new PatternCost
        {
            Pattern = p,
            RequestsPerSecond = responses * pages,
            RequestsPerResponse = pages,
            RelistsPerSecond = relists,
            ObjectsPerResponse = returned,
            ObjectsProcessed = processed,
            BytesPerResponse = bytes,
            WireBytesPerResponse = pages > 1 ? pages * WireBytes(pageBytes) : WireBytes(bytes),
            Seats = Math.Max(first.MaxSeats, pages > 1 ? next.MaxSeats : 0),
            ServedFrom = servedFromEtcd ? ReadServing.Etcd : ReadServing.WatchCache,
            ServedFromReason = serving.FromEtcd || pages == 1 ? serving.Reason
                : $"{pages:0} pages of {limit}: {serving.Reason}",
            BytesPerSecond = responses * readBytes,
            CpuCores = responses * cpu,
            SeatSecondsPerSecond = responses * seatSeconds,
            StartupRequests = fleet.Replicas * pages,
            StartupSeats = fleet.Replicas * seatsPerResponse,
            StartupBytes = fleet.Replicas * readBytes,
            StartupCpuSeconds = fleet.Replicas * cpu,
            TransientMemoryBytes = transient,
            PriorityLevel = fleet.Level.Name,
        };
    }

    private static PatternCost Get(AccessPattern p, FleetContext fleet)
    {
        var request = Request(p, "get");
        var serving = ServingRules.For(request, fleet.Features);
        var estimate = WorkEstimator.Estimate(request, Server(p, fleet), fleet.Config);
        return SingleObject(p, fleet, estimate, serving, startups: fleet.Replicas, startupReads: true);
    }

    /// <summary>A request for one object (GET or a write): one object in, one out; etcd reads or writes it whole.</summary>
    private static PatternCost SingleObject(AccessPattern p, FleetContext fleet, WorkEstimate estimate, ReadServing serving, double startups, bool startupReads)
    {
        var fromEtcd = serving.FromEtcd;
        var stats = fleet.Profile.StatsOf(p.Resource);
        var bytes = EncodedBytes(p, stats.MeanJsonBytes);
        var etcdBytes = fromEtcd ? stats.MeanJsonBytes : 0;
        var cpu = CostCalibration.RequestOverheadCpuSeconds
            + EncodeCpuSeconds(p, stats.MeanJsonBytes, fleet)
            + (etcdBytes / CostCalibration.EtcdBytesPerCoreSecond);
        var rate = PeriodicRate(p, fleet);
        var readBytes = Math.Max(bytes, etcdBytes);
        return new PatternCost
        {
            Pattern = p,
            RequestsPerSecond = rate,
            ObjectsPerResponse = 1,
            ObjectsProcessed = 1,
            BytesPerResponse = bytes,
            WireBytesPerResponse = WireBytes(bytes),
            Seats = estimate.MaxSeats,
            ServedFrom = serving.ServedFrom,
            ServedFromReason = serving.Reason,
            BytesPerSecond = rate * readBytes,
            CpuCores = rate * cpu,
            SeatSecondsPerSecond = rate * estimate.SeatSeconds(cpu),
            StartupRequests = startups,
            StartupSeats = startups * estimate.MaxSeats,
            StartupBytes = startupReads ? startups * readBytes : 0,
            StartupCpuSeconds = startups * cpu,
            TransientMemoryBytes = bytes * CostCalibration.TransientMemoryPerResponseByte,
            PriorityLevel = fleet.Level.Name,
        };
    }

    /// <summary>Changes per second one watcher of the pattern's scope receives.</summary>
    internal static double ChangesPerWatcher(AccessPattern p, ClusterProfile profile)
    {
        var stats = profile.StatsOf(p.Resource);
        if (stats.CreatesPerSecond is { } creates)
        {
            return p.Scope switch
            {
                PatternScope.Cluster => creates,
                PatternScope.Namespace => creates / Math.Max(1, profile.StatsOf("namespaces").Count),
                _ => creates / Math.Max(1, profile.Nodes),
            };
        }

        return ScopeObjects(p, profile) * stats.ChangesPerObjectPerSecond;
    }

    private static PatternCost Watch(AccessPattern p, FleetContext fleet)
    {
        var stats = fleet.Profile.StatsOf(p.Resource);
        var watched = ScopeObjects(p, fleet.Profile);
        var eventBytes = EncodedBytes(p, stats.MeanJsonBytes);
        var events = fleet.Replicas * ChangesPerWatcher(p, fleet.Profile);
        var renewals = fleet.Replicas / CostCalibration.WatchRenewSeconds;
        var request = Request(p, "watch");
        var estimate = WorkEstimator.Estimate(request, Server(p, fleet), fleet.Config);
        var cpu = (fleet.Replicas * CostCalibration.IdleWatcherCpuCores)
            + EncodeCpuSeconds(p with { ResourceVersion = null }, events * stats.MeanJsonBytes, fleet)
            + (renewals * CostCalibration.RequestOverheadCpuSeconds);

        return new PatternCost
        {
            Pattern = p,
            RequestsPerSecond = renewals,
            ObjectsPerResponse = watched,
            ObjectsProcessed = PodNodeIndexed(p) || NamesOneObject(p) ? watched
                : p.Scope == PatternScope.Namespace ? NamespaceObjects(stats, fleet.Profile) : stats.Count,
            BytesPerResponse = eventBytes,
            WireBytesPerResponse = eventBytes,
            Seats = estimate.MaxSeats,
            ServedFrom = ReadServing.WatchCache,
            ServedFromReason = ServingRules.For(request, fleet.Features).Reason,
            BytesPerSecond = events * eventBytes,
            WatchEventsPerSecond = events,
            CpuCores = cpu,
            SeatSecondsPerSecond = renewals * estimate.SeatSeconds(CostCalibration.RequestOverheadCpuSeconds),
            WriterSeatSecondsPerSecond = WriterSeatSeconds(p, fleet),
            PriorityLevel = fleet.Level.Name,
        };
    }

    /// <summary>Watches of this fleet on one API server that the mutating estimator counts for a write to the resource.</summary>
    private static int InterestedWatches(AccessPattern watch, FleetContext fleet) =>
        watch.Verb != ApiVerb.Watch || PodNodeIndexed(watch) || watch.Scope is PatternScope.Node or PatternScope.Object
            ? 0
            : (int)Math.Ceiling(fleet.ReplicasOf(watch) / fleet.ApiReplicas);

    private static double WriterSeatSeconds(AccessPattern p, FleetContext fleet)
    {
        var watches = InterestedWatches(p, fleet);
        if (watches < fleet.Config.WatchesPerSeat)
        {
            return 0;
        }

        var stats = fleet.Profile.StatsOf(p.Resource);
        var writes = stats.CreatesPerSecond ?? (stats.Count * stats.ChangesPerObjectPerSecond);
        if (p.Scope == PatternScope.Namespace)
        {
            writes *= NamespaceObjects(stats, fleet.Profile) / Math.Max(1, stats.Count);
        }

        // Extra final-phase work of one write: the estimator's area ceil(w/10) × 5 ms, however it is reshaped.
        var extra = Math.Ceiling(watches / fleet.Config.WatchesPerSeat) * fleet.Config.EventAdditionalDuration.TotalSeconds;
        return writes * extra;
    }

    private static PatternCost Mutation(AccessPattern p, FleetContext fleet, FleetContext workloadFleet)
    {
        var watches = fleet.Patterns.Where(w => w.GroupResource == p.GroupResource).Sum(w => InterestedWatches(w, workloadFleet));
        var verb = p.Verb.ToString().ToLowerInvariant();
        var estimate = WorkEstimator.Estimate(Request(p, verb), Server(p, fleet, watches), fleet.Config);
        var once = p.PeriodSeconds is null ? fleet.Replicas : 0;
        return SingleObject(p, fleet, estimate, ServingRules.For(Request(p, verb), fleet.Features), startups: once, startupReads: false);
    }
}
