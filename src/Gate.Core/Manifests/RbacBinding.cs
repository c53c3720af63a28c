namespace Gate.Core.Manifests;

/// <summary>A RoleBinding or ClusterRoleBinding: the role it grants and to which service accounts.</summary>
public sealed record RbacBinding(KubeObject Object, string RoleKind, string RoleName, IReadOnlyList<(string Name, string? Namespace)> ServiceAccounts)
{
    /// <summary>Reads a binding object.</summary>
    public static RbacBinding Read(KubeObject binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var roleRef = binding.Root.GetMapping("roleRef");
        var subjects = binding.Root.GetItems("subjects").OfType<ManifestMapping>()
            .Where(s => s.GetString("kind") == "ServiceAccount")
            .Select(s => (s.GetString("name") ?? string.Empty, s.GetString("namespace")))
            .ToList();
        return new RbacBinding(binding, roleRef?.GetString("kind") ?? "ClusterRole", roleRef?.GetString("name") ?? string.Empty, subjects);
    }
}
