namespace Gate.Core.Health;

/// <summary>
/// Ids of the signals in the built-in pack (policies/health.yaml). A source that does not evaluate PromQL (the
/// simulator) switches on these.
/// </summary>
public static class WellKnownSignals
{
    /// <summary>API server request p99, non-WATCH/CONNECT, seconds.</summary>
    public const string ApiServerRequestP99 = "apiserver-request-p99";

    /// <summary>APF rejected requests, requests per second.</summary>
    public const string ApfRejected = "apf-rejected";

    /// <summary>Share of requests answered 429 (0..1).</summary>
    public const string ApiServer429Ratio = "apiserver-429-ratio";

    /// <summary>Share of requests answered 5xx (0..1).</summary>
    public const string ApiServer5xxRatio = "apiserver-5xx-ratio";

    /// <summary>APF requests waiting in queues (worst priority level).</summary>
    public const string ApfInqueue = "apf-inqueue";

    /// <summary>Executing seats of workload-low over its current limit (0..1).</summary>
    public const string WorkloadLowSeats = "apf-workload-low-seats";

    /// <summary>Current in-flight requests (readOnly + mutating).</summary>
    public const string ApiServerInflight = "apiserver-inflight";

    /// <summary>etcd request p99 seen by the API server, seconds.</summary>
    public const string EtcdRequestP99 = "etcd-request-p99";

    /// <summary>API server resident memory, bytes (compared with the baseline: growth).</summary>
    public const string ApiServerRss = "apiserver-rss";

    /// <summary>API server readiness: 1 ready, 0 not.</summary>
    public const string ApiServerReadyz = "apiserver-readyz";

    /// <summary>Share of CoreDNS responses that are SERVFAIL (0..1).</summary>
    public const string CoreDnsServfail = "coredns-servfail-ratio";

    /// <summary>Container restarts of the agent's pods on canary nodes over the window.</summary>
    public const string AgentRestarts = "agent-restarts";

    /// <summary>Share of the agent's canary pods that are Ready (0..1).</summary>
    public const string AgentReady = "agent-ready";

    /// <summary>Projection metric: the canary's requests per second (its FlowSchema).</summary>
    public const string ProjectionRequests = "projection-requests";

    /// <summary>Projection metric: the canary's APF execution seconds per second (≈ API server cores).</summary>
    public const string ProjectionExecutionSeconds = "projection-execution-seconds";

    /// <summary>Projection metric: the canary's APF seat-seconds per second.</summary>
    public const string ProjectionSeatSeconds = "projection-seat-seconds";

    /// <summary>Projection metric (per watch): bytes of watch events the canary is sent per second.</summary>
    public const string ProjectionWatchBytes = "projection-watch-bytes";
}
