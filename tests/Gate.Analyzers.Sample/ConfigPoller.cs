using k8s;

namespace Gate.Analyzers.Sample;

/// <summary>Polls its configuration every 30 seconds instead of watching it.</summary>
public sealed class ConfigPoller(IKubernetes client)
{
    /// <summary>The number of config maps seen by the last poll.</summary>
    public int Count { get; private set; }

    /// <summary>GATE0002 (LIST in a loop) and GATE0003 (consistent read on every tick).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var maps = await client.CoreV1.ListNamespacedConfigMapAsync("agent-system", cancellationToken: ct);
            Count = maps.Items.Count;
        }
    }
}
