using Gate.Simulation.ControlPlane;
using Gate.Simulation.Engine;
using Gate.Simulation.Metrics;

namespace Gate.Simulation.Clients;

/// <summary>
/// CoreDNS's dependency on the control plane: it answers from the services and endpointslices its informers
/// cache. While both watches are open the records are current. When they break it keeps answering from the cache
/// for <see cref="SimulationOptions.DnsCacheTtlSeconds"/>, then answers SERVFAIL until it resyncs.
/// </summary>
public sealed class CoreDnsModel
{
    private readonly ControlPlaneModel controlPlane;
    private readonly Reflector services;
    private readonly Reflector endpointSlices;
    private readonly MetricRegistry registry = new();
    private readonly MetricSeries noError;
    private readonly MetricSeries servFail;
    private readonly MetricSeries cacheHits;
    private readonly MetricSeries cacheRequests;
    private readonly double queriesPerSecond;
    private double lastAccounted;
    private double lastSynced;
    private ScheduledEvent? expiry;

    public CoreDnsModel(ControlPlaneModel controlPlane, Reflector services, Reflector endpointSlices)
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
        this.services = services ?? throw new ArgumentNullException(nameof(services));
        this.endpointSlices = endpointSlices ?? throw new ArgumentNullException(nameof(endpointSlices));
        queriesPerSecond = controlPlane.Options.DnsQueriesPerNodePerSecond * controlPlane.Profile.Nodes;
        var responses = registry.Counter("coredns_dns_responses_total", "Counter of response status codes.", "plugin", "rcode", "server", "view", "zone");
        noError = responses.With("kubernetes", "NOERROR", "dns://:53", string.Empty, ".");
        servFail = responses.With(string.Empty, "SERVFAIL", "dns://:53", string.Empty, ".");
        cacheHits = registry.Counter("coredns_cache_hits_total", "The count of cache hits.", "server", "type", "view", "zones").With("dns://:53", "success", string.Empty, ".");
        cacheRequests = registry.Counter("coredns_cache_requests_total", "The count of cache requests.", "server", "view", "zones").With("dns://:53", string.Empty, ".");
        services.SyncChanged = OnSyncChanged;
        endpointSlices.SyncChanged = OnSyncChanged;
        controlPlane.DnsState = () => State;
    }

    /// <summary><c>ok</c> (records current), <c>cached</c> (API lost, answering from cache) or <c>failing</c> (SERVFAIL).</summary>
    public string State { get; private set; } = "ok";

    /// <summary>CoreDNS's /metrics in Prometheus text format.</summary>
    public string ScrapeMetrics()
    {
        Account();
        return registry.ToPrometheusText();
    }

    private void OnSyncChanged()
    {
        Account();
        var now = controlPlane.Simulator.Now;
        if (services.Synced && endpointSlices.Synced)
        {
            expiry?.Cancel();
            if (State == "failing")
            {
                controlPlane.Timeline("dns-recovered", "CoreDNS resynced with the API server: DNS answers again");
            }

            State = "ok";
            lastSynced = now;
            return;
        }

        if (State == "ok")
        {
            State = "cached";
            lastSynced = now;
            controlPlane.TimelineOnce("dns-cached", $"CoreDNS lost its API watches: answering from cached records for up to {controlPlane.Options.DnsCacheTtlSeconds / 60:0} min");
            expiry?.Cancel();
            expiry = controlPlane.Simulator.At(lastSynced + controlPlane.Options.DnsCacheTtlSeconds, Expire);
        }
    }

    private void Expire()
    {
        if (State != "cached")
        {
            return;
        }

        Account();
        State = "failing";
        controlPlane.Timeline("dns-failing", "DNS fails: CoreDNS's cached records expired and the API server cannot refresh them (SERVFAIL)");
    }

    private void Account()
    {
        var now = controlPlane.Simulator.Now;
        var queries = queriesPerSecond * (now - lastAccounted);
        lastAccounted = now;
        cacheRequests.Inc(queries);
        if (State == "failing")
        {
            servFail.Inc(queries);
        }
        else
        {
            noError.Inc(queries);
            cacheHits.Inc(queries * 0.8);
        }
    }
}
