using Gate.Prometheus;
using System.Globalization;
using System.Text.RegularExpressions;
using Gate.Core.Health;
using Gate.Simulation.Clients;
using Gate.Simulation.ControlPlane;
using Gate.Simulation.Engine;
using Gate.Simulation.Metrics;

namespace Gate.Simulation.Health;

/// <summary>
/// The health port over the simulated cluster. It scrapes every API server replica's <c>/metrics</c> (Prometheus
/// text) and CoreDNS's every 15 simulated seconds, like a Prometheus would, and answers each query from those
/// scrapes with the signal's <see cref="ScrapeSpec"/> — the same metric names, labels and arithmetic a direct scrape
/// of a real API server uses. Signals without a scrape form are computed from the scraped CoreDNS counters
/// (SERVFAIL ratio), the APF seat histogram (projected seat-seconds), or the DaemonSet's pods (restarts, readiness).
/// </summary>
public sealed partial class SimulatedHealthSource : IHealthSource
{
    private const double ScrapeIntervalSeconds = 15;
    private readonly ControlPlaneModel controlPlane;
    private readonly CoreDnsModel? coreDns;
    private readonly Func<(int Pods, int Ready, int Restarts)> canaryPods;
    private readonly List<ScrapeRecord>[] apiServers;
    private readonly List<ScrapeRecord> dns = [];
    private readonly SeriesTable[] apiServerSeries;
    private readonly SeriesTable dnsSeries = new();
    private readonly List<(double Seconds, int Pods, int Ready, int Restarts)> agents = [];

    /// <summary>Starts scraping now (and every 15 simulated seconds).</summary>
    /// <param name="controlPlane">The simulated control plane.</param>
    /// <param name="coreDns">CoreDNS, when simulated.</param>
    /// <param name="canaryPods">The new-revision agent pods: count, ready, restarts.</param>
    public SimulatedHealthSource(ControlPlaneModel controlPlane, CoreDnsModel? coreDns, Func<(int Pods, int Ready, int Restarts)> canaryPods)
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
        this.coreDns = coreDns;
        this.canaryPods = canaryPods ?? throw new ArgumentNullException(nameof(canaryPods));
        apiServers = controlPlane.Replicas.Select(_ => new List<ScrapeRecord>()).ToArray();
        apiServerSeries = controlPlane.Replicas.Select(_ => new SeriesTable()).ToArray();
        Scrape();
    }

    public string Name => $"simulator ({controlPlane.Replicas.Count} API servers scraped every {ScrapeIntervalSeconds:0}s)";

    /// <summary>Scrapes taken so far (all targets).</summary>
    public int Scrapes { get; private set; }

    public Task<HealthQueryResult> QueryAsync(HealthQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var steps = Steps(query).ToList();
        var rate = RateWindow(query.Expression);
        HealthQueryResult result;
        if (query.Scrape is { Kind: ScrapeKind.Probe })
        {
            result = PerReplica(steps, (records, t) => At(records, t) is { } r ? (r.Samples is null ? 0 : 1) : double.NaN);
        }
        else if (query.Scrape is { Kind: ScrapeKind.Gauge } gauge && gauge.Metric.StartsWith("process_", StringComparison.Ordinal))
        {
            // A process metric is per server (PromQL: max by instance), not a sum over replicas.
            result = PerReplica(steps, (records, t) => Between([records], t, rate, gauge));
        }
        else if (query.Signal == WellKnownSignals.ProjectionWatchBytes && query.Scrape is { } events)
        {
            // Every replica's cache receives each event once; a watcher is connected to one replica (PromQL: max).
            result = PerReplica(steps, (records, t) => Between([records], t, rate, events));
        }
        else if (query.Signal == WellKnownSignals.ProjectionWatchBytes + "/event-bytes")
        {
            result = Single(steps, t => EventBytes(apiServers, t, rate, query.Expression));
        }
        else if (query.Scrape is { } spec)
        {
            result = Single(steps, t => Between(apiServers, t, rate, spec));
        }
        else
        {
            result = query.Signal switch
            {
                WellKnownSignals.CoreDnsServfail when coreDns is not null => Single(steps, t => Between([dns], t, rate, ServfailRatio)),
                WellKnownSignals.AgentRestarts => Single(steps, t => AgentAt(t) is { Pods: > 0 } a ? a.Restarts : double.NaN),
                WellKnownSignals.AgentReady => Single(steps, t => AgentAt(t) is { Pods: > 0 } a ? (double)a.Ready / a.Pods : double.NaN),
                WellKnownSignals.ProjectionSeatSeconds => Single(steps, t => SeatSeconds(apiServers, t, rate, FlowSchema(query.Expression))),
                _ => HealthQueryResult.Failed(HealthQueryErrorKind.Unsupported, $"the simulator has no data for signal {query.Signal}"),
            };
        }

        return Task.FromResult(result);
    }

    private static readonly ScrapeSpec ServfailRatio = new()
    {
        Kind = ScrapeKind.CounterRatio,
        Metric = "coredns_dns_responses_total",
        Match = [new LabelMatch("rcode", ["SERVFAIL"])],
        Denominator = new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "coredns_dns_responses_total" },
    };

    private void Scrape()
    {
        var now = controlPlane.Simulator.Now;
        foreach (var replica in controlPlane.Replicas)
        {
            var text = replica.ScrapeMetrics();
            var samples = text is null ? null : PrometheusTextParser.Parse(text, apiServerSeries[replica.Index]);
            var start = samples?.FirstOrDefault(s => s.Name == "process_start_time_seconds")?.Value ?? double.NaN;
            apiServers[replica.Index].Add(new ScrapeRecord(now, samples, start));
            Scrapes++;
        }

        if (coreDns is not null)
        {
            dns.Add(new ScrapeRecord(now, PrometheusTextParser.Parse(coreDns.ScrapeMetrics(), dnsSeries), 0));
            Scrapes++;
        }

        var (pods, ready, restarts) = canaryPods();
        agents.Add((now, pods, ready, restarts));
        controlPlane.Simulator.After(ScrapeIntervalSeconds, Scrape);
    }

    private HealthQueryResult PerReplica(List<double> steps, Func<List<ScrapeRecord>, double, double> value)
    {
        var series = new List<HealthSeries>();
        foreach (var replica in controlPlane.Replicas)
        {
            var records = apiServers[replica.Index];
            var samples = steps.Select(t => (t, v: value(records, t)))
                .Where(p => !double.IsNaN(p.v))
                .Select(p => new HealthSample(SimulatedTimeProvider.Epoch + TimeSpan.FromSeconds(p.t), p.v))
                .ToList();
            series.Add(new HealthSeries(new Dictionary<string, string>(StringComparer.Ordinal) { ["instance"] = replica.Name }, samples));
        }

        return HealthQueryResult.Success(series);
    }

    private static HealthQueryResult Single(List<double> steps, Func<double, double> value) =>
        HealthQueryResult.FromSamples(steps.Select(t => (t, v: value(t)))
            .Where(p => !double.IsNaN(p.v))
            .Select(p => new HealthSample(SimulatedTimeProvider.Epoch + TimeSpan.FromSeconds(p.t), p.v))
            .ToList());

    /// <summary>The spec over every target that was up at <paramref name="t"/> (and, for rates, <paramref name="rateWindow"/> before).</summary>
    private static double Between(IReadOnlyList<List<ScrapeRecord>> targets, double t, double rateWindow, ScrapeSpec spec)
    {
        var pairs = new List<(ScrapeRecord, ScrapeRecord)>();
        var seconds = rateWindow;
        foreach (var records in targets)
        {
            var later = At(records, t);
            if (later?.Samples is null)
            {
                continue;
            }

            if (spec.Kind is ScrapeKind.Gauge or ScrapeKind.GaugeRatio)
            {
                pairs.Add((later, later));
                continue;
            }

            var earlier = At(records, t - rateWindow);
            if (earlier?.Samples is null || earlier.Seconds >= later.Seconds)
            {
                continue;
            }

            seconds = later.Seconds - earlier.Seconds;
            pairs.Add((earlier, later));
        }

        // A replica that restarted between its scrapes starts every counter again from 0.
        return pairs.Count == 0
            ? double.NaN
            : ScrapeMath.Compute(spec, pairs.Select(p => (p.Item1.StartTime != p.Item2.StartTime ? [] : p.Item1.Samples!, p.Item2.Samples!)).ToList(), TimeSpan.FromSeconds(seconds));
    }

    private static double SeatSeconds(IReadOnlyList<List<ScrapeRecord>> records, double t, double rateWindow, string flowSchema)
    {
        var match = new[] { new LabelMatch("flow_schema", [flowSchema]) };
        var execution = Between(records, t, rateWindow, new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "apiserver_flowcontrol_request_execution_seconds_sum", Match = match });
        var seats = Between(records, t, rateWindow, new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "apiserver_flowcontrol_work_estimated_seats_sum", Match = match });
        var requests = Between(records, t, rateWindow, new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "apiserver_flowcontrol_work_estimated_seats_count", Match = match });
        return requests > 0 ? execution * seats / requests : execution == 0 ? 0 : double.NaN;
    }

    /// <summary>
    /// Mean bytes of one watch event of the query's resource: rate of <c>apiserver_watch_events_sizes_sum</c> ÷ rate of
    /// its <c>_count</c>, over the series labelled with the resource (v1.34+) or its kind (v1.29–v1.33), as the pack's
    /// PromQL does with <c>or</c>.
    /// </summary>
    private static double EventBytes(IReadOnlyList<List<ScrapeRecord>> records, double t, double rateWindow, string expression)
    {
        var group = WatchLabel(expression, "group");
        var matches = new[] { ("resource", WatchLabel(expression, "resource")), ("kind", WatchLabel(expression, "kind")) };
        foreach (var (label, value) in matches.Where(m => m.Item2.Length > 0))
        {
            LabelMatch[] match = [new LabelMatch("group", [group]), new LabelMatch(label, [value])];
            var bytes = Between(records, t, rateWindow, new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "apiserver_watch_events_sizes_sum", Match = match });
            var count = Between(records, t, rateWindow, new ScrapeSpec { Kind = ScrapeKind.CounterRate, Metric = "apiserver_watch_events_sizes_count", Match = match });
            if (count > 0)
            {
                return bytes / count;
            }
        }

        return double.NaN;
    }

    private static string WatchLabel(string expression, string label) =>
        Regex.Match(expression, "apiserver_watch_events_sizes_sum\\{[^}]*\\b" + label + "=\"([^\"]*)\"", RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } m ? m.Groups[1].Value : string.Empty;

    /// <summary>The last scrape at or before <paramref name="t"/> that is at most two intervals old.</summary>
    private static ScrapeRecord? At(List<ScrapeRecord> records, double t)
    {
        var lo = 0;
        var hi = records.Count - 1;
        ScrapeRecord? found = null;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (records[mid].Seconds <= t + 1e-9)
            {
                found = records[mid];
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found is not null && t - found.Seconds <= 2 * ScrapeIntervalSeconds ? found : null;
    }

    private (int Pods, int Ready, int Restarts)? AgentAt(double t)
    {
        var last = agents.LastOrDefault(a => a.Seconds <= t + 1e-9);
        return last.Seconds <= t + 1e-9 && agents.Count > 0 && t - last.Seconds <= 2 * ScrapeIntervalSeconds ? (last.Pods, last.Ready, last.Restarts) : null;
    }

    private static IEnumerable<double> Steps(HealthQuery query)
    {
        var start = (query.Start - SimulatedTimeProvider.Epoch).TotalSeconds;
        var end = (query.End - SimulatedTimeProvider.Epoch).TotalSeconds;
        var step = Math.Max(1, query.Step.TotalSeconds);
        for (var t = start; t <= end + 1e-9; t += step)
        {
            yield return t;
        }
    }

    private static double RateWindow(string expression)
    {
        var match = RangeSelector().Match(expression);
        if (!match.Success)
        {
            return 120;
        }

        var n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "h" => n * 3600, "m" => n * 60, _ => n };
    }

    private static string FlowSchema(string expression) => FlowSchemaLabel().Match(expression) is { Success: true } m ? m.Groups[1].Value : string.Empty;

    [GeneratedRegex(@"\[(\d+)([smh])\]")]
    private static partial Regex RangeSelector();

    [GeneratedRegex("flow_schema=\"([^\"]+)\"")]
    private static partial Regex FlowSchemaLabel();
}
