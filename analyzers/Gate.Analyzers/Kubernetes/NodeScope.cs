using System;
using Microsoft.CodeAnalysis;

namespace Gate.Analyzers.Kubernetes;

/// <summary>
/// Which resources a node agent should read for its own node only, and how a selector narrows them:
/// pods by <c>spec.nodeName</c>, nodes by <c>metadata.name</c>; endpoints cannot be selected by node, so any
/// field or label selector counts as narrowing them.
/// </summary>
public static class NodeScope
{
    /// <summary>The field a node-scoped selector uses for <paramref name="resource"/>; null when there is none.</summary>
    public static string? SelectorField(string resource) => resource switch
    {
        "Pod" => "spec.nodeName",
        "Node" => "metadata.name",
        _ => null,
    };

    /// <summary>True for resources whose cluster-wide read grows with the cluster on every node.</summary>
    public static bool IsPerNodeResource(string resource) =>
        resource is "Pod" or "Node" or "Endpoints" or "EndpointSlice";

    /// <summary>
    /// True when the call narrows its read to one node (or, for endpoints, to a selection), or when its selector is
    /// computed in a way the analyzer cannot see (then it gives the benefit of the doubt).
    /// </summary>
    public static bool IsNarrowed(KubernetesCall call)
    {
        if (call is null)
        {
            throw new ArgumentNullException(nameof(call));
        }

        var field = SelectorField(call.Resource);
        if (field is null)
        {
            return call.GetState(KubernetesCall.Parameters.FieldSelector) != ArgumentState.Unset
                || call.GetState(KubernetesCall.Parameters.LabelSelector) != ArgumentState.Unset;
        }

        if (call.GetState(KubernetesCall.Parameters.FieldSelector) == ArgumentState.Unset)
        {
            return false;
        }

        var text = call.GetKnownText(KubernetesCall.Parameters.FieldSelector);
        return text is null || text.IndexOf(field + "=", StringComparison.Ordinal) >= 0;
    }
}
