namespace Gate.Core.Manifests;

/// <summary>One rule of a Role or ClusterRole.</summary>
public sealed record RbacRule(
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ResourceNames,
    SourcePosition Position)
{
    /// <summary>Reads the <c>rules</c> of a (Cluster)Role.</summary>
    public static IReadOnlyList<RbacRule> Read(KubeObject role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return role.Root.GetItems("rules").OfType<ManifestMapping>().Select(r => new RbacRule(
            Strings(r, "apiGroups"), Strings(r, "resources"), Strings(r, "verbs"), Strings(r, "resourceNames"), r.Position)).ToList();
    }

    private static List<string> Strings(ManifestMapping rule, string key) =>
        rule.GetItems(key).Select(i => i is ManifestScalar s ? s.Value : null).OfType<string>().ToList();
}
