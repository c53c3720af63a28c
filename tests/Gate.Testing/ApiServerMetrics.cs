using System.Globalization;
using System.Text;

namespace Gate.Testing;

/// <summary>
/// API-server-shaped metrics whose behaviour a test controls: request rate, the share of slow requests and their
/// latency, 429/5xx shares, APF rejections, queue depth, seats, in-flight, etcd latency, RSS, readiness, CoreDNS
/// and kube-state-metrics series for the agent's pods, and the agent's FlowSchema traffic. Counters and histogram
/// buckets accumulate with real elapsed time, so Prometheus sees consistent rates. Counter-vector series (429s,
/// 5xx, APF rejections, SERVFAIL, the FlowSchema's traffic) appear at their first increment, as a real server's do.
/// Thread-safe.
/// </summary>
public sealed class ApiServerMetrics
{
    private static readonly double[] Buckets = [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private readonly double[] requestBuckets = new double[Buckets.Length + 1];
    private readonly double[] watchBuckets = new double[Buckets.Length + 1];
    private readonly double[] etcdBuckets = new double[Buckets.Length + 1];
    private double requests, requestSum, ok, tooMany, serverErrors, rejected, watches, etcd, dnsAll, dnsServfail, flowRequests, flowSeconds, flowSeats;
    private DateTimeOffset last;

    public ApiServerMetrics(TimeProvider? clock = null)
    {
        this.clock = clock ?? TimeProvider.System;
        last = this.clock.GetUtcNow();
    }

    public double RequestsPerSecond { get; set; } = 200;

    /// <summary>Latency of ordinary (fast) requests, seconds.</summary>
    public double FastLatency { get; set; } = 0.03;

    /// <summary>Share of requests that take <see cref="SlowLatency"/>.</summary>
    public double SlowFraction { get; set; }

    public double SlowLatency { get; set; } = 4;

    public double Ratio429 { get; set; }

    public double Ratio5xx { get; set; }

    public double RejectedPerSecond { get; set; }

    public double Inqueue { get; set; } = 2;

    public double ExecutingSeats { get; set; } = 20;

    public double LimitSeats { get; set; } = 245;

    public double Inflight { get; set; } = 40;

    public double EtcdLatency { get; set; } = 0.004;

    public double RssBytes { get; set; } = 1.0 * 1024 * 1024 * 1024;

    public bool Ready { get; set; } = true;

    public double DnsServfailRatio { get; set; }

    /// <summary>Namespace and pods of the agent (kube-state-metrics series).</summary>
    public string AgentNamespace { get; set; } = "telemetry";

    public IReadOnlyList<string> AgentPods { get; set; } = ["otel-agent-a1"];

    public double AgentRestarts { get; set; }

    /// <summary>The agent's FlowSchema and its traffic (all canary pods together).</summary>
    public string FlowSchema { get; set; } = "gate-canary-otel-agent";

    public double FlowRequestsPerSecond { get; set; } = 0.01;

    public double FlowExecutionSecondsPerRequest { get; set; } = 0.01;

    public double FlowSeatsPerRequest { get; set; } = 1;

    /// <summary>Changes the behaviour under the lock (counters are first advanced to now at the old rates).</summary>
    public void Update(Action<ApiServerMetrics> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (gate)
        {
            Advance();
            change(this);
        }
    }

    /// <summary>The text exposition of the current state.</summary>
    public string Render()
    {
        lock (gate)
        {
            Advance();
            var sb = new StringBuilder();
            Histogram(sb, "apiserver_request_duration_seconds", "verb=\"GET\",resource=\"pods\",scope=\"resource\"", requestBuckets, requestSum);
            Histogram(sb, "apiserver_request_duration_seconds", "verb=\"WATCH\",resource=\"pods\",scope=\"cluster\"", watchBuckets, watches * 30);
            Histogram(sb, "etcd_request_duration_seconds", "operation=\"get\",type=\"/registry/pods\"", etcdBuckets, etcd * EtcdLatency);
            sb.Append("# TYPE apiserver_request_total counter\n");
            Line(sb, "apiserver_request_total", "code=\"200\",verb=\"GET\",resource=\"pods\"", ok);
            Born(sb, "apiserver_request_total", "code=\"429\",verb=\"GET\",resource=\"pods\"", tooMany);
            Born(sb, "apiserver_request_total", "code=\"500\",verb=\"GET\",resource=\"pods\"", serverErrors);
            sb.Append("# TYPE apiserver_flowcontrol_rejected_requests_total counter\n");
            Born(sb, "apiserver_flowcontrol_rejected_requests_total", "flow_schema=\"service-accounts\",priority_level=\"workload-low\",reason=\"queue-full\"", rejected);
            Line(sb, "apiserver_flowcontrol_current_inqueue_requests", "flow_schema=\"service-accounts\",priority_level=\"workload-low\"", Inqueue);
            Line(sb, "apiserver_flowcontrol_current_executing_seats", "flow_schema=\"service-accounts\",priority_level=\"workload-low\"", ExecutingSeats);
            Line(sb, "apiserver_flowcontrol_current_limit_seats", "priority_level=\"workload-low\"", LimitSeats);
            Line(sb, "apiserver_current_inflight_requests", "request_kind=\"readOnly\"", Inflight * 0.75);
            Line(sb, "apiserver_current_inflight_requests", "request_kind=\"mutating\"", Inflight * 0.25);
            Line(sb, "process_resident_memory_bytes", string.Empty, RssBytes);
            Line(sb, "coredns_dns_responses_total", "rcode=\"NOERROR\",server=\"dns://:53\"", dnsAll - dnsServfail);
            Born(sb, "coredns_dns_responses_total", "rcode=\"SERVFAIL\",server=\"dns://:53\"", dnsServfail);
            foreach (var pod in AgentPods)
            {
                var labels = $"namespace=\"{AgentNamespace}\",pod=\"{pod}\"";
                Line(sb, "kube_pod_container_status_restarts_total", labels + ",container=\"agent\"", AgentRestarts);
                Line(sb, "kube_pod_status_ready", labels + ",condition=\"true\"", 1);
            }

            var flow = $"flow_schema=\"{FlowSchema}\",priority_level=\"workload-low\"";
            Born(sb, "apiserver_flowcontrol_dispatched_requests_total", flow, flowRequests);
            Born(sb, "apiserver_flowcontrol_request_execution_seconds_sum", flow + ",type=\"list\"", flowSeconds);
            Born(sb, "apiserver_flowcontrol_request_execution_seconds_count", flow + ",type=\"list\"", flowRequests);
            Born(sb, "apiserver_flowcontrol_work_estimated_seats_sum", flow, flowSeats);
            Born(sb, "apiserver_flowcontrol_work_estimated_seats_count", flow, flowRequests);
            return sb.ToString();
        }
    }

    private void Advance()
    {
        var now = clock.GetUtcNow();
        var dt = Math.Max(0, (now - last).TotalSeconds);
        last = now;
        var n = RequestsPerSecond * dt;
        var slow = n * SlowFraction;
        Observe(requestBuckets, FastLatency, n - slow);
        Observe(requestBuckets, SlowLatency, slow);
        requests += n;
        requestSum += ((n - slow) * FastLatency) + (slow * SlowLatency);
        tooMany += n * Ratio429;
        serverErrors += n * Ratio5xx;
        ok += n * (1 - Ratio429 - Ratio5xx);
        rejected += RejectedPerSecond * dt;
        watches += dt;
        Observe(watchBuckets, 30, dt);
        etcd += n;
        Observe(etcdBuckets, EtcdLatency, n);
        dnsAll += 100 * dt;
        dnsServfail += 100 * dt * DnsServfailRatio;
        var f = FlowRequestsPerSecond * dt;
        flowRequests += f;
        flowSeconds += f * FlowExecutionSecondsPerRequest;
        flowSeats += f * FlowSeatsPerRequest;
    }

    // A series of a counter vector: like client_golang's, it exists only from its first increment, so a healthy
    // server exposes no code="429" or rejection series at all.
    private static void Born(StringBuilder sb, string name, string labels, double value)
    {
        if (value > 0)
        {
            Line(sb, name, labels, value);
        }
    }

    private static void Observe(double[] cumulative, double value, double count)
    {
        for (var i = 0; i < Buckets.Length; i++)
        {
            if (value <= Buckets[i])
            {
                cumulative[i] += count;
            }
        }

        cumulative[^1] += count;
    }

    private static void Histogram(StringBuilder sb, string name, string labels, double[] cumulative, double sum)
    {
        sb.Append("# TYPE ").Append(name).Append(" histogram\n");
        for (var i = 0; i < Buckets.Length; i++)
        {
            Line(sb, name + "_bucket", labels + ",le=\"" + Buckets[i].ToString(CultureInfo.InvariantCulture) + "\"", cumulative[i]);
        }

        Line(sb, name + "_bucket", labels + ",le=\"+Inf\"", cumulative[^1]);
        Line(sb, name + "_sum", labels, sum);
        Line(sb, name + "_count", labels, cumulative[^1]);
    }

    private static void Line(StringBuilder sb, string name, string labels, double value)
    {
        sb.Append(name);
        if (labels.Length > 0)
        {
            sb.Append('{').Append(labels).Append('}');
        }

        sb.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
}
