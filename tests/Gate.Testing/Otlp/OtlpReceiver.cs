using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gate.Testing.Otlp;

/// <summary>
/// A loopback OTLP/HTTP receiver (Kestrel on port 0): accepts <c>/v1/traces</c> and <c>/v1/metrics</c> protobuf
/// exports, decodes them and records the request headers so tests can assert what arrived and what did not leak.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private readonly ConcurrentQueue<string> _metrics = new();
    private readonly ConcurrentQueue<OtlpMetricPoint> _points = new();
    private readonly ConcurrentQueue<string> _headers = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];

    public IReadOnlyList<string> MetricNames => [.. _metrics];

    /// <summary>Every metric data point received (cumulative temporality: a later export repeats the totals).</summary>
    public IReadOnlyList<OtlpMetricPoint> MetricPoints => [.. _points];

    /// <summary>Every request header seen, as <c>name: value</c>.</summary>
    public IReadOnlyList<string> Headers => [.. _headers];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpContext http) =>
        {
            foreach (var span in OtlpWire.DecodeSpans(await receiver.ReadAsync(http.Request)))
            {
                receiver._spans.Enqueue(span);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", async (HttpContext http) =>
        {
            var body = await receiver.ReadAsync(http.Request);
            foreach (var name in OtlpWire.DecodeMetricNames(body))
            {
                receiver._metrics.Enqueue(name);
            }

            foreach (var point in OtlpWire.DecodeMetricPoints(body))
            {
                receiver._points.Enqueue(point);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var address = app.Urls.First();
        receiver.Endpoint = new Uri(address);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<byte[]> ReadAsync(HttpRequest request)
    {
        foreach (var header in request.Headers)
        {
            _headers.Enqueue($"{header.Key}: {header.Value}");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
