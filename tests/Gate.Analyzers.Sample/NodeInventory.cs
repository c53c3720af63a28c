using k8s;
using k8s.Models;

namespace Gate.Analyzers.Sample;

/// <summary>Reads the pods of "its" node the expensive way: every pod of the cluster, in one response.</summary>
public sealed class NodeInventory(IKubernetes client)
{
    /// <summary>GATE0001 (no spec.nodeName selector) and GATE0004 (no limit).</summary>
    public async Task<IReadOnlyList<V1Pod>> PodsOnThisNodeAsync(string nodeName, CancellationToken ct)
    {
        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
        return [.. pods.Items.Where(p => p.Spec.NodeName == nodeName)];
    }

    /// <summary>The cheap way: the server filters by node, so no pagination is needed either.</summary>
    public async Task<IReadOnlyList<V1Pod>> PodsOnThisNodeCheaplyAsync(CancellationToken ct)
    {
        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(
            fieldSelector: $"spec.nodeName={Environment.GetEnvironmentVariable("NODE_NAME")}",
            resourceVersion: "0",
            cancellationToken: ct);
        return [.. pods.Items];
    }
}
