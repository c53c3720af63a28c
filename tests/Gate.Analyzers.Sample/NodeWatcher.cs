using System.Net;
using k8s;
using k8s.Models;

namespace Gate.Analyzers.Sample;

/// <summary>Watches nodes: once without any guard, once the way client-go's reflector does.</summary>
public sealed class NodeWatcher(IKubernetes client)
{
    /// <summary>GATE0005: no timeout, no bookmarks; GATE0001: every node of the cluster.</summary>
    public async Task WatchAsync(Action<WatchEventType, V1Node> onChange, CancellationToken ct)
    {
        await foreach (var (type, node) in client.CoreV1.WatchListNodeAsync(cancellationToken: ct))
        {
            onChange(type, node);
        }
    }
}

/// <summary>A guarded watch of this node only: timeout with jitter, bookmarks, relist once on 410 Gone.</summary>
public sealed class GuardedNodeWatcher(IKubernetes client)
{
    /// <summary>Follows this node's changes until cancelled.</summary>
    public async Task WatchAsync(Action<WatchEventType, V1Node> onChange, CancellationToken ct)
    {
        var selector = $"metadata.name={Environment.GetEnvironmentVariable("NODE_NAME")}";
        var list = await client.CoreV1.ListNodeAsync(fieldSelector: selector, resourceVersion: "0", cancellationToken: ct);
        var resourceVersion = list.Metadata.ResourceVersion;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, node) in client.CoreV1.WatchListNodeAsync(
                    fieldSelector: selector,
                    resourceVersion: resourceVersion,
                    allowWatchBookmarks: true,
                    timeoutSeconds: Random.Shared.Next(300, 600),
                    cancellationToken: ct))
                {
                    resourceVersion = node.Metadata.ResourceVersion;
                    if (type != WatchEventType.Bookmark)
                    {
                        onChange(type, node);
                    }
                }
            }
            catch (KubernetesException e) when (e.Status?.Code == (int)HttpStatusCode.Gone)
            {
                resourceVersion = (await client.CoreV1.ListNodeAsync(fieldSelector: selector, resourceVersion: "0", cancellationToken: ct)).Metadata.ResourceVersion;
            }
        }
    }
}
