using YamlDotNet.RepresentationModel;

namespace Gate.Testing.FakeKube;

/// <summary>
/// The RBAC the fake API server enforces for the gate's ServiceAccount: the Role and ClusterRole rules of
/// <c>deploy/gate-rbac.yaml</c> (apiGroups × resources × verbs, optional resourceNames).
/// </summary>
public sealed class FakeRbac
{
    private readonly List<Rule> rules;

    private FakeRbac(List<Rule> rules) => this.rules = rules;

    /// <summary>Loads the Role/ClusterRole rules from a multi-document RBAC YAML file.</summary>
    public static FakeRbac Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var rules = new List<Rule>();
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is not YamlMappingNode root || !root.Children.TryGetValue("kind", out var kindNode))
            {
                continue;
            }

            var kind = kindNode.ToString();
            if (kind is not ("Role" or "ClusterRole") || !root.Children.TryGetValue("rules", out var rulesNode))
            {
                continue;
            }

            var ns = kind == "Role" && root["metadata"] is YamlMappingNode meta && meta.Children.TryGetValue("namespace", out var n) ? n.ToString() : null;
            foreach (var item in ((YamlSequenceNode)rulesNode).Children.OfType<YamlMappingNode>())
            {
                rules.Add(new Rule(
                    kind == "ClusterRole",
                    ns,
                    Strings(item, "apiGroups"),
                    Strings(item, "resources"),
                    Strings(item, "verbs"),
                    Strings(item, "resourceNames")));
            }
        }

        return new FakeRbac(rules);
    }

    /// <summary>True when the gate may make <paramref name="request"/>.</summary>
    public bool Allows(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return rules.Any(r =>
            (r.Cluster || request.Namespace is null || r.Namespace is null || r.Namespace == request.Namespace)
            && (r.Cluster || request.Namespace is not null)
            && Has(r.Groups, request.Group)
            && Has(r.Resources, request.Resource)
            && Has(r.Verbs, request.Verb)
            && (r.Names.Count == 0 || (request.Name is not null && r.Names.Contains(request.Name))));
    }

    /// <summary>Every (group, resource, verb) granted, for tests that compare RBAC with use.</summary>
    public IEnumerable<string> Grants() =>
        rules.SelectMany(r => r.Groups.SelectMany(g => r.Resources.SelectMany(res => r.Verbs.Select(v => $"{v} {(g.Length == 0 ? res : res + "." + g)}"))));

    private static bool Has(IReadOnlyList<string> values, string value) => values.Contains("*") || values.Contains(value);

    private static List<string> Strings(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlSequenceNode seq
            ? seq.Children.Select(c => c.ToString()).ToList()
            : [];

    private sealed record Rule(bool Cluster, string? Namespace, List<string> Groups, List<string> Resources, List<string> Verbs, List<string> Names);
}
