using Gate.Simulation.Metrics;

namespace Gate.Simulation.ControlPlane;

/// <summary>
/// The metrics of one simulated kube-apiserver under their real names and labels (v1.32,
/// <c>pkg/endpoints/metrics</c>, <c>pkg/util/flowcontrol/metrics</c>), so a health pack reads them like a real server.
/// </summary>
internal sealed class ReplicaMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];
    private static readonly double[] SizeBuckets = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
    private static readonly double[] FlowBuckets = [0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30];

    private readonly Dictionary<string, RequestSeries> requestSeries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlowSeries> flowSeries = new(StringComparer.Ordinal);

    public ReplicaMetrics()
    {
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
