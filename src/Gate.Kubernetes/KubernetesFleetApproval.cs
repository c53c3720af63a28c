using System.Text.Json.Nodes;
using Gate.Core.Rollout;
using k8s;
using k8s.Models;

namespace Gate.Kubernetes;

/// <summary>
/// The approval of a paused fleet wave (<c>gate promote --fleet</c>): the annotation <see cref="AnnotationKey"/> on
/// the DaemonSet in the first cluster of the wave, holding the rollout target it approves. One GET to read, one merge
/// PATCH to write; the state stays in the cluster like the rollout's own annotation.
/// </summary>
public sealed class KubernetesFleetApproval(IKubernetes client, DaemonSetRef target)
{
    public const string AnnotationKey = "gate.dev/fleet-approved";

    private string Group => target.Kruise ? "apps.kruise.io" : "apps";

    private string Version => target.Kruise ? "v1alpha1" : "v1";

    /// <summary>The approved target, or null.</summary>
    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        var raw = await ApiCalls.CallAsync(() => client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, target.Namespace, "daemonsets", target.Name, cancellationToken), target, "for " + target).ConfigureAwait(false);
        return DaemonSetJson.Text(DaemonSetJson.ToNode(raw)["metadata"]?["annotations"]?[AnnotationKey]);
    }

    /// <summary>Records that the wave may roll out <paramref name="approved"/>.</summary>
    public async Task WriteAsync(string approved, CancellationToken cancellationToken)
    {
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationKey] = approved } } };
        var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
        await ApiCalls.CallAsync(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(body, Group, Version, target.Namespace, "daemonsets", target.Name, cancellationToken: cancellationToken), target, "for " + target).ConfigureAwait(false);
    }
}
