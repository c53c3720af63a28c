using Gate.Simulation.Engine;

namespace Gate.Simulation.ControlPlane;

/// <summary>
/// One API request in flight: what it costs (seats, CPU seconds, bytes, transient memory) and where it is (queued
/// in a priority level, executing on a replica). The client learns the outcome through <see cref="Done"/>.
/// </summary>
public sealed class SimRequest
{
    /// <summary>Upper-case verb as the API server's metrics label it: LIST, GET, WATCH, CREATE, PATCH, …</summary>
    public required string Verb { get; init; }

    public required string Resource { get; init; }

    /// <summary><c>cluster</c>, <c>namespace</c> or <c>resource</c> (the <c>scope</c> label).</summary>
    public required string Scope { get; init; }

    public required FlowClass Flow { get; init; }

    /// <summary>APF seats while executing (from the work estimator).</summary>
    public int Seats { get; init; } = 1;

    /// <summary>API server CPU seconds the request needs.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Bytes of the response.</summary>
    public double ResponseBytes { get; init; }

    /// <summary>Bytes the server reads to answer: the response, or the whole range when etcd serves it.</summary>
    public double ReadBytes { get; init; }

    /// <summary>For a WATCH: bytes of the events it is sent per second while open.</summary>
    public double WatchBytesPerSecond { get; init; }

    /// <summary>For a WATCH: events it is sent per second while open (<c>apiserver_watch_events_total</c>).</summary>
    public double WatchEventsPerSecond { get; init; }

    /// <summary>Transient heap the request holds when it completes (it grows with progress).</summary>
    public double MemoryBytes { get; init; }

    /// <summary>True when the request was served from etcd (a consistent read without the cache).</summary>
    public bool FromEtcd { get; init; }

    /// <summary>True for create/update/patch/delete (the mutating inflight kind).</summary>
    public bool Mutating { get; init; }

    /// <summary>The user agent group the request belongs to in reports, e.g. <c>agent</c>, <c>kubelet</c>.</summary>
    public string Client { get; init; } = "other";

    /// <summary>Called once with the outcome the client sees.</summary>
    public Action<SimRequest, RequestOutcome>? Done { get; init; }

    /// <summary>Retry-After seconds the server sent with a 429.</summary>
    public int RetryAfterSeconds { get; internal set; }

    internal ApiServerReplica? Replica { get; set; }

    internal object? RequestSeries { get; set; }

    internal object? FlowSeries { get; set; }

    internal double ArrivalTime { get; set; }

    internal double DispatchTime { get; set; }

    internal double StartWork { get; set; }

    internal double FinishWork { get; set; }

    internal double MemorySlope { get; set; }

    internal LinkedListNode<SimRequest>? QueueNode { get; set; }

    internal ScheduledEvent? Deadline { get; set; }

    internal bool Answered { get; set; }

    internal bool Executing { get; set; }

    /// <summary>Builds a request that reports its outcome to the given callback.</summary>
    public delegate SimRequest Factory(Action<SimRequest, RequestOutcome> done);

    /// <summary>Wait in the APF queue, seconds (valid once dispatched).</summary>
    public double QueueWait => DispatchTime - ArrivalTime;
}
