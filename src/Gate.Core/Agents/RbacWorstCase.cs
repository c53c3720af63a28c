using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>
/// The upper bound for an unknown agent, from what each RBAC verb allows (docs/agents.md, "The RBAC bound"):
/// <list type="bullet">
/// <item><c>list</c> + <c>watch</c> on a resource: an informer (initial LIST from the watch cache, then a WATCH),
/// cluster-wide (namespace-wide under a RoleBinding) — the only grant that lets a client keep a cache of it;</item>
/// <item><c>list</c> without <c>watch</c>: no informer is possible, so occasional LISTs — without a documented trigger
/// the bound assumes a poll every <see cref="PollSeconds"/> from every replica, without resourceVersion (a consistent
/// read);</item>
/// <item><c>get</c> alone: one object per request, every <see cref="PollSeconds"/>;</item>
/// <item><c>watch</c> alone: a WATCH (no initial LIST);</item>
/// <item>write verbs (<c>create</c>/<c>update</c>/<c>patch</c>/<c>delete</c>, also on subresources such as
/// <c>nodes/status</c>): one write of one object every <see cref="PollSeconds"/> — they are requests even when the
/// agent lists and watches nothing.</item>
/// </list>
/// <c>resourceNames</c> narrows a grant to named objects (object scope). Nothing else in the manifest narrows the bound:
/// a node-name environment variable alone proves nothing (several CNI agents set one and still watch every node).
/// Every pattern is marked <see cref="AccessPattern.UpperBound"/>.
/// </summary>
public static class RbacWorstCase
{
    /// <summary>
    /// The period assumed for requests that are not part of an informer (polls, GETs, writes): once a minute per
    /// replica, the shortest default poll among catalogue agents (the Datadog Agent's endpoints LIST).
    /// </summary>
    public const double PollSeconds = 60;

    private static readonly (string Verb, ApiVerb Api)[] Writes =
    [
        ("create", ApiVerb.Create), ("update", ApiVerb.Update), ("patch", ApiVerb.Patch), ("delete", ApiVerb.Delete),
    ];

    /// <summary>The worst-case patterns of service account <paramref name="serviceAccount"/> in <paramref name="ns"/>.</summary>
    public static IReadOnlyList<AccessPattern> For(ManifestSet set, string serviceAccount, string? ns)
    {
        ArgumentNullException.ThrowIfNull(set);
        var seen = new HashSet<(ApiVerb, string, string, PatternScope)>();
        var result = new List<AccessPattern>();
        foreach (var (rule, bindingNamespace, role) in set.RulesFor(serviceAccount, ns))
        {
            foreach (var group in rule.ApiGroups.DefaultIfEmpty(string.Empty))
            {
                foreach (var granted in rule.Resources)
                {
                    var grant = new Grant(rule, group == "*" ? string.Empty : group, granted, bindingNamespace, role);
                    foreach (var pattern in grant.Patterns().Where(p => seen.Add((p.Verb, p.Group, p.Resource, p.Scope))))
                    {
                        result.Add(pattern);
                    }
                }
            }
        }

        return result;
    }

    private sealed record Grant(RbacRule Rule, string Group, string GrantedResource, string? BindingNamespace, KubeObject Role)
    {
        private bool Allows(string verb) => Rule.Verbs.Any(v => v == verb || v == "*");

        private string Resource => GrantedResource.Split('/')[0];

        private bool IsSubresource => GrantedResource.Contains('/', StringComparison.Ordinal);

        private bool Named => Rule.ResourceNames.Count > 0;

        private PatternScope Scope => Named ? PatternScope.Object : BindingNamespace is null ? PatternScope.Cluster : PatternScope.Namespace;

        private string? NameSelector => Named && Rule.ResourceNames.Count == 1 ? "metadata.name=" + Rule.ResourceNames[0] : null;

        private string Reason(string what) =>
            $"RBAC bound: {Role.Kind} {Role.Name} grants {string.Join("/", Rule.Verbs)} on {(Group.Length == 0 ? GrantedResource : GrantedResource + "." + Group)}: {what}";

        public IEnumerable<AccessPattern> Patterns()
        {
            if (!IsSubresource)
            {
                foreach (var read in Reads())
                {
                    yield return read;
                }
            }

            foreach (var (verb, api) in Writes.Where(w => Allows(w.Verb)))
            {
                yield return Pattern(api, Reason($"one {verb} per replica every {PollSeconds:0} s (assumed)"), PollSeconds) with { Scope = PatternScope.Object };
            }
        }

        private IEnumerable<AccessPattern> Reads()
        {
            var list = Allows("list");
            var watch = Allows("watch");
            if (list && watch)
            {
                yield return Pattern(ApiVerb.List, Reason("an informer's initial list"), null) with { ResourceVersion = "0" };
                yield return Pattern(ApiVerb.Watch, Reason("an informer's watch"), null);
            }
            else if (list)
            {
                yield return Pattern(ApiVerb.List, Reason($"list without watch: no informer, a poll every {PollSeconds:0} s assumed"), PollSeconds);
            }
            else if (watch)
            {
                yield return Pattern(ApiVerb.Watch, Reason("watch without list"), null);
            }
            else if (Allows("get"))
            {
                yield return Pattern(ApiVerb.Get, Reason($"get alone: one object every {PollSeconds:0} s assumed"), PollSeconds) with { Scope = PatternScope.Object };
            }
        }

        private AccessPattern Pattern(ApiVerb verb, string reason, double? period) => new()
        {
            Verb = verb,
            Group = Group,
            Resource = Resource,
            Scope = Scope,
            FieldSelector = verb is ApiVerb.List or ApiVerb.Watch ? NameSelector : null,
            PeriodSeconds = period,
            Origin = Rule.Position,
            Reason = reason,
            UpperBound = true,
        };
    }
}
