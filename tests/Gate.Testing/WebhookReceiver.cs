using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gate.Testing;

/// <summary>A loopback Kestrel webhook (127.0.0.1, port 0) that records every JSON body POSTed to it, in order.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The bodies received, in order.</summary>
    public ConcurrentQueue<JsonObject> Received { get; } = new();

    /// <summary>The status answered (set 500 to simulate a broken webhook).</summary>
    public int Status { get; set; } = 200;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            if (await JsonNode.ParseAsync(request.Body).ConfigureAwait(false) is JsonObject body)
            {
                receiver.Received.Enqueue(body);
            }

            return Results.StatusCode(receiver.Status);
        });
        await app.StartAsync().ConfigureAwait(false);
        receiver.Address = new Uri(new Uri(app.Urls.First()), "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
