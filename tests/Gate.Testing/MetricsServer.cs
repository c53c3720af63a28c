using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gate.Testing;

/// <summary>
/// A loopback Kestrel server (127.0.0.1, port 0) serving one <see cref="ApiServerMetrics"/> per target name at
/// <c>/{name}/metrics</c> and <c>/{name}/readyz</c> (503 when not ready).
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ApiServerMetrics> targets = new(StringComparer.Ordinal);

    private MetricsServer(WebApplication app) => this.app = app;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>host:port for a Prometheus static config.</summary>
    public string HostPort => $"{Address.Host}:{Address.Port}";

    public static async Task<MetricsServer> StartAsync()
    {
        // Prometheus gives each scrape 1 s (PrometheusServer's scrape_timeout); a scrape answered later records
        // up == 0 and fails the readyz signal of a healthy fixture. The test process runs other test classes on
        // every thread-pool thread meanwhile, and the pool adds threads slowly, so start it with enough that this
        // in-process target is never queued behind them.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new MetricsServer(app);
        app.MapGet("/{name}/metrics", (string name) => server.targets.TryGetValue(name, out var m)
            ? Results.Text(m.Render(), "text/plain; version=0.0.4")
            : Results.NotFound());
        app.MapGet("/{name}/readyz", (string name) => server.targets.TryGetValue(name, out var m) && m.Ready
            ? Results.Text("ok")
            : Results.StatusCode(503));
        await app.StartAsync().ConfigureAwait(false);
        server.Address = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>Adds (or returns) the target <paramref name="name"/>.</summary>
    public ApiServerMetrics Target(string name) => targets.GetOrAdd(name, _ => new ApiServerMetrics());

    /// <summary>Serves <paramref name="metrics"/> as the target <paramref name="name"/>.</summary>
    public void Add(string name, ApiServerMetrics metrics) => targets[name] = metrics;

    /// <summary>The base address of one target (its <c>/metrics</c> and <c>/readyz</c> live below it).</summary>
    public Uri TargetAddress(string name) => new(Address, "/" + name + "/");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
