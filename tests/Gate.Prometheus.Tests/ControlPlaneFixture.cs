using Gate.Core.Health;
using Gate.Testing;

namespace Gate.Prometheus.Tests;

/// <summary>
/// One real Prometheus scraping one loopback target per scenario every second. The timeline runs once: every
/// target healthy (the baseline window), then each scenario's fault is injected, then the canary window.
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    public static readonly string[] Scenarios = ["healthy", "latency", "throttled", "oom", "quadratic"];
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public MetricsServer Metrics { get; private set; } = null!;

    public PrometheusServer Prometheus { get; private set; } = null!;

    public HealthWindow BaselineWindow { get; private set; } = null!;

    public HealthWindow CanaryWindow { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Metrics = await MetricsServer.StartAsync();
        foreach (var name in Scenarios)
        {
            var target = Metrics.Target(name);
            target.AgentNamespace = name;
            target.FlowSchema = "gate-canary-" + name;
        }

        Prometheus = await PrometheusServer.StartAsync(Scenarios.Select(s => (s, Metrics.HostPort, $"/{s}/metrics")));
        var client = Client(Prometheus.Address);
        await PrometheusServer.WaitUntilAsync(
            async () => (await client.QueryAsync("min(count_over_time(up[15s]))", DateTimeOffset.UtcNow)) is [{ Samples: [{ Value: >= 8 }] }]
                && (await client.QueryAsync("count(up == 1)", DateTimeOffset.UtcNow)) is [{ Samples: [{ Value: var up }] }] && up == Scenarios.Length,
            TimeSpan.FromSeconds(40),
            "8 scrapes of every target");
        BaselineWindow = HealthWindow.Ending(Now(), Window);

        Metrics.Target("latency").Update(m => m.SlowFraction = 0.05);
        Metrics.Target("throttled").Update(m =>
        {
            m.Ratio429 = 0.2;
            m.RejectedPerSecond = 40;
        });
        Metrics.Target("oom").Update(m => m.RssBytes = 3.0 * 1024 * 1024 * 1024);
        Metrics.Target("quadratic").Update(m => m.FlowRequestsPerSecond = 0.5);
        var settled = DateTimeOffset.UtcNow + RateWindow + Window + TimeSpan.FromSeconds(2);
        await PrometheusServer.WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow >= settled), TimeSpan.FromSeconds(30), "the canary window");
        CanaryWindow = HealthWindow.Ending(Now(), Window);
    }

    public async Task DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        if (Metrics is not null)
        {
            await Metrics.DisposeAsync();
        }
    }

    /// <summary>The built-in pack at test speed (1 s steps, 3 s rates, 5 s windows), judging <paramref name="job"/>.</summary>
    public static HealthPack Pack(string job)
    {
        var pack = HealthPackLoader.BuiltIn();
        return pack with
        {
            Settings = pack.Settings with
            {
                ApiServerJob = job,
                Window = Window,
                Step = TimeSpan.FromSeconds(1),
                RateWindow = RateWindow,
                MinSamples = 5,
                InconclusiveLimit = 1,
            },
        };
    }

    /// <summary>The canary of a scenario: one canary node of a 5,000-node fleet.</summary>
    public static CanaryContext Canary(string scenario) => new()
    {
        Namespace = scenario,
        DaemonSet = "otel-agent",
        Pods = ["otel-agent-a1"],
        Nodes = ["node-1"],
        FleetNodes = 5000,
        FlowSchema = "gate-canary-" + scenario,
    };

    public static PrometheusClient Client(Uri address, PrometheusClientOptions? options = null) =>
        new(new HttpClient(), address, options ?? new PrometheusClientOptions { AttemptTimeout = TimeSpan.FromSeconds(5) });

    // Whole seconds, so range queries line up with the 1 s step.
    private static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
}
