using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gate.Core.Fleet;
using Gate.Simulation.Scenarios;
using Polly;
using Polly.Timeout;

namespace Gate.Cli.Commands.Fleet;

/// <summary>Where fleet events go (<c>--notify URL</c>).</summary>
internal interface IFleetNotifier
{
    /// <summary>Sends <paramref name="fleetEvent"/>. Never throws: a failure is logged and the fleet goes on.</summary>
    Task NotifyAsync(FleetEvent fleetEvent, CancellationToken cancellationToken);
}

/// <summary>No <c>--notify</c>: events are dropped.</summary>
internal sealed class NoNotifier : IFleetNotifier
{
    public Task NotifyAsync(FleetEvent fleetEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// POSTs each event as JSON to a webhook: the event's fields plus <c>text</c> (the one line a Slack-compatible incoming
/// webhook shows). Each POST has a timeout (Polly, in wall-clock time: it bounds a network wait); a failure or timeout is
/// one warning on standard error. Events are sent off the rollouts' path, so a webhook never delays a rollback.
/// </summary>
internal sealed class WebhookNotifier(HttpClient http, Uri url, TextWriter log) : IFleetNotifier
{
    /// <summary>The most a notification may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
        .AddTimeout(Timeout)
        .Build();

    public async Task NotifyAsync(FleetEvent fleetEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleetEvent);
        try
        {
            await pipeline.ExecuteAsync(
                async ct =>
                {
                    using var content = JsonContent.Create(ToJson(fleetEvent), FleetJson.Default.JsonObject);
                    using var response = await http.PostAsync(url, content, ct).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await log.WriteLineAsync($"warning: --notify: could not post the {OutcomeText.Of(fleetEvent.Kind)} event to {url.GetLeftPart(UriPartial.Path)}: {ex.Message} (the fleet goes on)").ConfigureAwait(false);
        }
    }

    /// <summary>The event's JSON body.</summary>
    internal static JsonObject ToJson(FleetEvent e) => new()
    {
        ["schema"] = "gate.fleet-event/v1",
        ["event"] = OutcomeText.Of(e.Kind),
        ["daemonSet"] = e.DaemonSet,
        ["wave"] = e.Wave,
        ["cluster"] = e.Cluster,
        ["stage"] = e.Stage,
        ["outcome"] = e.Outcome,
        ["detail"] = e.Detail,
        ["time"] = e.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["text"] = e.Text,
    };
}

/// <summary>Source-generated JSON for the notifier (the native build has no reflection).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class FleetJson : System.Text.Json.Serialization.JsonSerializerContext;
