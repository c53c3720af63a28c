using Gate.Simulation.Metrics;

namespace Gate.Simulation.ControlPlane;

/// <summary>
/// The metrics of one simulated kube-apiserver under their real names and labels (v1.32,
/// <c>pkg/endpoints/metrics</c>, <c>pkg/util/flowcontrol/metrics</c>, <c>pkg/storage/cacher/metrics</c> of
/// k8s.io/apiserver), so a health pack reads them like a real server. The watch-event metrics take the labels of the
/// profile's version: <c>resource</c> (the group-resource) and <c>group, version, kind</c> up to v1.33;
/// <c>group, resource</c> and <c>group, version, resource</c> from v1.34.
/// </summary>
internal sealed class ReplicaMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];
    private static readonly double[] SizeBuckets = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
    private static readonly double[] FlowBuckets = [0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30];

    // pkg/endpoints/metrics: ExponentialBuckets(1024, 2.0, 8), 1 KiB … 128 KiB.
    private static readonly double[] WatchSizeBuckets = [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072];

    private readonly Dictionary<string, RequestSeries> requestSeries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlowSeries> flowSeries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WatchFlow> watchFlows = new(StringComparer.Ordinal);
    private readonly bool resourceLabels;

    /// <param name="kubernetesMinor">The simulated server's minor version (labels of the watch-event metrics).</param>
    public ReplicaMetrics(int kubernetesMinor = 32)
    {
        resourceLabels = kubernetesMinor >= 34;
        CacheEventsReceived = resourceLabels
            ? Registry.Counter("apiserver_watch_cache_events_received_total", "Counter of events received in watch cache broken by resource type.", "group", "resource")
            : Registry.Counter("apiserver_watch_cache_events_received_total", "Counter of events received in watch cache broken by resource type.", "resource");
        WatchEvents = Registry.Counter("apiserver_watch_events_total", "Number of events sent in watch clients", "group", "version", resourceLabels ? "resource" : "kind");
        WatchEventsSizes = Registry.Histogram("apiserver_watch_events_sizes", "Watch event size distribution in bytes", WatchSizeBuckets, "group", "version", resourceLabels ? "resource" : "kind");
        RequestTotal = Registry.Counter("apiserver_request_total", "Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.", "code", "component", "dry_run", "group", "resource", "scope", "subresource", "verb", "version");
        RequestDuration = Registry.Histogram("apiserver_request_duration_seconds", "Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.", LatencyBuckets, "component", "dry_run", "group", "resource", "scope", "subresource", "verb", "version");
        ResponseSizes = Registry.Histogram("apiserver_response_sizes", "Response size distribution in bytes for each group, version, verb, resource, subresource, scope and component.", SizeBuckets, "component", "group", "resource", "scope", "subresource", "verb", "version");
        Inflight = Registry.Gauge("apiserver_current_inflight_requests", "Maximal number of currently used inflight request limit of this apiserver per request kind in last second.", "request_kind");
        LongRunning = Registry.Gauge("apiserver_longrunning_requests", "Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component.", "component", "group", "resource", "scope", "subresource", "verb", "version");
        Rejected = Registry.Counter("apiserver_flowcontrol_rejected_requests_total", "Number of requests rejected by API Priority and Fairness subsystem", "flow_schema", "priority_level", "reason");
        Dispatched = Registry.Counter("apiserver_flowcontrol_dispatched_requests_total", "Number of requests executed by API Priority and Fairness subsystem", "flow_schema", "priority_level");
        InQueue = Registry.Gauge("apiserver_flowcontrol_current_inqueue_requests", "Number of requests currently pending in queues of the API Priority and Fairness subsystem", "flow_schema", "priority_level");
        ExecutingRequests = Registry.Gauge("apiserver_flowcontrol_current_executing_requests", "Number of requests in initial (for a WATCH) or any (for a non-WATCH) execution stage in the API Priority and Fairness subsystem", "flow_schema", "priority_level");
        ExecutingSeats = Registry.Gauge("apiserver_flowcontrol_current_executing_seats", "Concurrency (number of seats) occupied by the currently executing (initial stage for a WATCH, any stage otherwise) requests in the API Priority and Fairness subsystem", "flow_schema", "priority_level");
        WaitDuration = Registry.Histogram("apiserver_flowcontrol_request_wait_duration_seconds", "Length of time a request spent waiting in its queue", FlowBuckets, "execute", "flow_schema", "priority_level");
        ExecutionSeconds = Registry.Histogram("apiserver_flowcontrol_request_execution_seconds", "Duration of initial stage (for a WATCH) or any (for a non-WATCH) stage of request execution in the API Priority and Fairness subsystem", FlowBuckets, "flow_schema", "priority_level", "type");
        WorkEstimatedSeats = Registry.Histogram("apiserver_flowcontrol_work_estimated_seats", "Number of estimated seats (maximum of initial and final seats) associated with requests in API Priority and Fairness", [1, 2, 4, 10], "flow_schema", "priority_level");
        NominalLimit = Registry.Gauge("apiserver_flowcontrol_nominal_limit_seats", "Nominal number of execution seats configured for each priority level", "priority_level");
        CurrentLimit = Registry.Gauge("apiserver_flowcontrol_current_limit_seats", "current derived number of execution seats available to each priority level", "priority_level");
        StorageObjects = Registry.Gauge("apiserver_storage_objects", "Number of stored objects at the time of last check split by kind.", "resource");
        EtcdDuration = Registry.Histogram("etcd_request_duration_seconds", "Etcd request latency in seconds for each operation and object type.", LatencyBuckets, "operation", "type");
        Rss = Registry.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.").With();
        Cpu = Registry.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.").With();
        StartTime = Registry.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.").With();
        ReadOnlyInflight = Inflight.With("readOnly");
        MutatingInflight = Inflight.With("mutating");
    }

    public MetricRegistry Registry { get; } = new();

    public MetricFamily RequestTotal { get; }

    public MetricFamily CacheEventsReceived { get; }

    public MetricFamily WatchEvents { get; }

    public MetricFamily WatchEventsSizes { get; }

    public MetricFamily RequestDuration { get; }

    public MetricFamily ResponseSizes { get; }

    public MetricFamily Inflight { get; }

    public MetricFamily LongRunning { get; }

    public MetricFamily Rejected { get; }

    public MetricFamily Dispatched { get; }

    public MetricFamily InQueue { get; }

    public MetricFamily ExecutingRequests { get; }

    public MetricFamily ExecutingSeats { get; }

    public MetricFamily WaitDuration { get; }

    public MetricFamily ExecutionSeconds { get; }

    public MetricFamily WorkEstimatedSeats { get; }

    public MetricFamily NominalLimit { get; }

    public MetricFamily CurrentLimit { get; }

    public MetricFamily StorageObjects { get; }

    public MetricFamily EtcdDuration { get; }

    public MetricSeries Rss { get; }

    public MetricSeries Cpu { get; }

    public MetricSeries StartTime { get; }

    public MetricSeries ReadOnlyInflight { get; }

    public MetricSeries MutatingInflight { get; }

    /// <summary>
    /// Starts counting the events of <paramref name="resource"/> entering the watch cache at
    /// <paramref name="eventsPerSecond"/> (once per resource; the rate is asked for only the first time).
    /// </summary>
    public void CacheEvents(string resource, Func<double> eventsPerSecond, double now)
    {
        if (watchFlows.ContainsKey(resource))
        {
            return;
        }

        var group = Group(resource);
        var plural = Plural(resource);
        var kind = global::Gate.Core.Health.CanaryWatch.KindOf(plural);
        watchFlows.Add(resource, new WatchFlow
        {
            Received = resourceLabels ? CacheEventsReceived.With(group, plural) : CacheEventsReceived.With(resource),
            Sent = () => WatchEvents.With(group, "v1", resourceLabels ? plural : kind),
            Sizes = () => WatchEventsSizes.With(group, "v1", resourceLabels ? plural : kind),
            CacheRate = eventsPerSecond(),
            Since = now,
        });
    }

    /// <summary>Adds (or, negative, removes) an open watch's flow of events and bytes sent.</summary>
    public void WatchSent(string resource, double eventsPerSecond, double bytesPerSecond, double now)
    {
        if (watchFlows.TryGetValue(resource, out var flow))
        {
            flow.Flush(now);
            flow.EventsRate = Math.Max(0, flow.EventsRate + eventsPerSecond);
            flow.BytesRate = Math.Max(0, flow.BytesRate + bytesPerSecond);
        }
    }

    /// <summary>Brings the watch-event counters and histograms up to <paramref name="now"/> (before a scrape).</summary>
    public void FlushWatchEvents(double now)
    {
        foreach (var flow in watchFlows.Values)
        {
            flow.Flush(now);
        }
    }

    /// <summary>The process restarted: its counters are zero and no watch is open.</summary>
    public void ResetWatchEvents(double now)
    {
        foreach (var flow in watchFlows.Values)
        {
            flow.EventsRate = 0;
            flow.BytesRate = 0;
            flow.Since = now;
        }
    }

    private static string Group(string resource) => resource.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? resource[(dot + 1)..] : string.Empty;

    private static string Plural(string resource) => resource.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? resource[..dot] : resource;

    /// <summary>The events of one resource: into the watch cache at a fixed rate, out to the open watches.</summary>
    private sealed class WatchFlow
    {
        public required MetricSeries Received { get; init; }

        // The sent-event series exist once an event was sent (as upstream's): created on first use.
        public required Func<MetricSeries> Sent { get; init; }

        public required Func<MetricSeries> Sizes { get; init; }

        private MetricSeries? sent;

        private MetricSeries? sizes;

        public required double CacheRate { get; init; }

        public double EventsRate { get; set; }

        public double BytesRate { get; set; }

        public required double Since { get; set; }

        public void Flush(double now)
        {
            var seconds = now - Since;
            if (seconds <= 0)
            {
                return;
            }

            Received.Inc(CacheRate * seconds);
            var events = EventsRate * seconds;
            if (events > 0)
            {
                (sent ??= Sent()).Inc(events);
                (sizes ??= Sizes()).Observe(BytesRate * seconds / events, events);
            }

            Since = now;
        }
    }

    /// <summary>The request-level series of this request's verb, resource and scope.</summary>
    public RequestSeries Series(SimRequest request)
    {
        if (request.RequestSeries is RequestSeries cached && request.Replica is not null)
        {
            return cached;
        }

        var key = request.Verb + "|" + request.Resource + "|" + request.Scope;
        if (!requestSeries.TryGetValue(key, out var found))
        {
            found = new RequestSeries(this, request.Verb, request.Resource, request.Scope);
            requestSeries.Add(key, found);
        }

        request.RequestSeries = found;
        return found;
    }

    /// <summary>The APF series of this request's flow schema and priority level.</summary>
    public FlowSeries Flow(SimRequest request)
    {
        if (request.FlowSeries is FlowSeries cached)
        {
            return cached;
        }

        var found = For(request.Flow);
        request.FlowSeries = found;
        return found;
    }

    /// <summary>The APF series of a flow schema and priority level.</summary>
    public FlowSeries For(FlowClass flow)
    {
        var key = flow.FlowSchema + "|" + flow.PriorityLevel;
        if (!flowSeries.TryGetValue(key, out var found))
        {
            found = new FlowSeries(this, flow.FlowSchema, flow.PriorityLevel);
            flowSeries.Add(key, found);
        }

        return found;
    }

    /// <summary>Series of one verb/resource/scope.</summary>
    internal sealed class RequestSeries
    {
        private readonly ReplicaMetrics owner;
        private readonly string verb;
        private readonly string resource;
        private readonly string scope;
        private readonly Dictionary<int, MetricSeries> totals = [];

        public RequestSeries(ReplicaMetrics owner, string verb, string resource, string scope)
        {
            this.owner = owner;
            this.verb = verb;
            this.resource = resource;
            this.scope = scope;
            var group = Group(resource);
            Duration = owner.RequestDuration.With("apiserver", string.Empty, group, Plural(resource), scope, string.Empty, verb, "v1");
            Sizes = owner.ResponseSizes.With("apiserver", group, Plural(resource), scope, string.Empty, verb, "v1");
            LongRunning = owner.LongRunning.With("apiserver", group, Plural(resource), scope, string.Empty, verb, "v1");
        }

        public MetricSeries Duration { get; }

        public MetricSeries Sizes { get; }

        public MetricSeries LongRunning { get; }

        public MetricSeries Total(int code)
        {
            if (!totals.TryGetValue(code, out var series))
            {
                var group = Group(resource);
                series = owner.RequestTotal.With(code.ToString(System.Globalization.CultureInfo.InvariantCulture), "apiserver", string.Empty, group, Plural(resource), scope, string.Empty, verb, "v1");
                totals.Add(code, series);
            }

            return series;
        }

        private static string Group(string resource) => resource.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? resource[(dot + 1)..] : string.Empty;

        private static string Plural(string resource) => resource.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? resource[..dot] : resource;
    }

    /// <summary>APF series of one flow schema and priority level.</summary>
    internal sealed class FlowSeries
    {
        private readonly ReplicaMetrics owner;
        private readonly string flowSchema;
        private readonly string priorityLevel;
        private readonly Dictionary<string, MetricSeries> rejected = new(StringComparer.Ordinal);

        public FlowSeries(ReplicaMetrics owner, string flowSchema, string priorityLevel)
        {
            this.owner = owner;
            this.flowSchema = flowSchema;
            this.priorityLevel = priorityLevel;
            Dispatched = owner.Dispatched.With(flowSchema, priorityLevel);
            InQueue = owner.InQueue.With(flowSchema, priorityLevel);
            ExecutingRequests = owner.ExecutingRequests.With(flowSchema, priorityLevel);
            ExecutingSeats = owner.ExecutingSeats.With(flowSchema, priorityLevel);
            WaitExecuted = owner.WaitDuration.With("true", flowSchema, priorityLevel);
            WaitRejected = owner.WaitDuration.With("false", flowSchema, priorityLevel);
            Execution = owner.ExecutionSeconds.With(flowSchema, priorityLevel, "regular");
            Seats = owner.WorkEstimatedSeats.With(flowSchema, priorityLevel);
        }

        public MetricSeries Seats { get; }

        public MetricSeries Dispatched { get; }

        public MetricSeries InQueue { get; }

        public MetricSeries ExecutingRequests { get; }

        public MetricSeries ExecutingSeats { get; }

        public MetricSeries WaitExecuted { get; }

        public MetricSeries WaitRejected { get; }

        public MetricSeries Execution { get; }

        public MetricSeries Rejected(string reason)
        {
            if (!rejected.TryGetValue(reason, out var series))
            {
                series = owner.Rejected.With(flowSchema, priorityLevel, reason);
                rejected.Add(reason, series);
            }

            return series;
        }
    }
}
