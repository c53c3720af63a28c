using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>
/// The upper bound for an unknown agent: every list/watch its service account is granted, on every granted resource,
/// cluster-wide (or namespace-wide under a RoleBinding), as an informer. Patterns are marked <see cref="AccessPattern.UpperBound"/>.
/// </summary>
public static class RbacWorstCase
{
    /// <summary>The worst-case patterns of service account <paramref name="serviceAccount"/> in <paramref name="ns"/>.</summary>
    public static IReadOnlyList<AccessPattern> For(ManifestSet set, string serviceAccount, string? ns)
    {
        ArgumentNullException.ThrowIfNull(set);
        var seen = new HashSet<(ApiVerb, string, string, string?)>();
        var result = new List<AccessPattern>();
        foreach (var (rule, bindingNamespace, role) in set.RulesFor(serviceAccount, ns))
        {
            var canList = rule.Verbs.Any(v => v is "list" or "*");
            var canWatch = rule.Verbs.Any(v => v is "watch" or "*");
            if ((!canList && !canWatch) || rule.ResourceNames.Count > 0)
            {
                continue;
            }

            foreach (var group in rule.ApiGroups.DefaultIfEmpty(string.Empty))
            {
                foreach (var resource in rule.Resources.Where(r => !r.Contains('/', StringComparison.Ordinal)))
                {
                    var reason = $"RBAC worst case: {role.Kind} {role.Name} grants {string.Join("/", rule.Verbs)} on {(group.Length == 0 ? resource : resource + "." + group)}";
                    foreach (var verb in new[] { (canList, ApiVerb.List), (canWatch, ApiVerb.Watch) }.Where(v => v.Item1).Select(v => v.Item2))
                    {
                        if (!seen.Add((verb, group, resource, bindingNamespace)))
                        {
                            continue;
                        }

                        result.Add(new AccessPattern
                        {
                            Verb = verb,
                            Group = group == "*" ? string.Empty : group,
                            Resource = resource,
                            Scope = bindingNamespace is null ? PatternScope.Cluster : PatternScope.Namespace,
                            ResourceVersion = verb == ApiVerb.List ? "0" : null,
                            Origin = rule.Position,
                            Reason = reason,
                            UpperBound = true,
                        });
                    }
                }
            }
        }

        return result;
    }
}
