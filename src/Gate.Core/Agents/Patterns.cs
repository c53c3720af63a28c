using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>Builders for the access patterns agents make (an informer is a LIST plus a WATCH).</summary>
public static class Patterns
{
    /// <summary>
    /// A client-go style informer: initial LIST (<paramref name="listResourceVersion"/>, <c>"0"</c> for client-go
    /// reflectors) and a long-lived WATCH. The scope follows from the namespace and field selector.
    /// </summary>
    public static IReadOnlyList<AccessPattern> Informer(
        string group,
        string resource,
        SourcePosition? origin,
        string reason,
        string? fieldSelector = null,
        string? labelSelector = null,
        string? ns = null,
        string? listResourceVersion = "0")
    {
        var scope = ScopeOf(resource, fieldSelector, ns);
        return
        [
            new AccessPattern
            {
                Verb = ApiVerb.List, Group = group, Resource = resource, Scope = scope, FieldSelector = fieldSelector,
                LabelSelector = labelSelector, ResourceVersion = listResourceVersion, Origin = origin, Reason = reason + " (initial list)",
            },
            new AccessPattern
            {
                Verb = ApiVerb.Watch, Group = group, Resource = resource, Scope = scope, FieldSelector = fieldSelector,
                LabelSelector = labelSelector, Origin = origin, Reason = reason + " (watch)",
            },
        ];
    }

    /// <summary>A periodic or one-off LIST.</summary>
    public static AccessPattern List(string group, string resource, SourcePosition? origin, string reason, double? periodSeconds, string? fieldSelector = null, string? labelSelector = null, string? ns = null, string? resourceVersion = null, int? limit = null) =>
        new()
        {
            Verb = ApiVerb.List, Group = group, Resource = resource, Scope = ScopeOf(resource, fieldSelector, ns),
            FieldSelector = fieldSelector, LabelSelector = labelSelector, ResourceVersion = resourceVersion, Limit = limit,
            PeriodSeconds = periodSeconds, Origin = origin, Reason = reason,
        };

    /// <summary>A GET of a single namespaced object (no resourceVersion: a quorum read from etcd).</summary>
    public static AccessPattern Get(string group, string resource, SourcePosition? origin, string reason, double? periodSeconds, PatternScope scope = PatternScope.Namespace) =>
        new()
        {
            Verb = ApiVerb.Get, Group = group, Resource = resource, Scope = scope, PeriodSeconds = periodSeconds,
            Origin = origin, Reason = reason,
        };

    /// <summary>
    /// Node scope for a selector that pins <c>spec.nodeName</c> (or a node's <c>metadata.name</c>), namespace scope
    /// for a namespace, else cluster.
    /// </summary>
    public static PatternScope ScopeOf(string resource, string? fieldSelector, string? ns)
    {
        if (fieldSelector is not null)
        {
            foreach (var term in fieldSelector.Split(','))
            {
                var t = term.Trim();
                if (t.StartsWith("spec.nodeName=", StringComparison.Ordinal) && !t.StartsWith("spec.nodeName!=", StringComparison.Ordinal))
                {
                    return PatternScope.Node;
                }

                if (resource == "nodes" && t.StartsWith("metadata.name=", StringComparison.Ordinal))
                {
                    return PatternScope.Node;
                }
            }
        }

        return string.IsNullOrEmpty(ns) ? PatternScope.Cluster : PatternScope.Namespace;
    }

    /// <summary>Joins selector terms with commas, skipping empty ones; null when none.</summary>
    public static string? JoinSelectors(params string?[] terms)
    {
        var parts = terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).ToList();
        return parts.Count == 0 ? null : string.Join(',', parts);
    }
}
