namespace Gate.Core.Manifests;

/// <summary>
/// The API groups an <c>APIService</c> of the inputs hands to an extension API server (<c>spec.service</c> set; an
/// APIService without a service is served by the kube-apiserver itself).
/// </summary>
public static class ApiServices
{
    /// <summary>Group → <c>the extension API server NAMESPACE/SERVICE (APIService NAME)</c>.</summary>
    public static IReadOnlyDictionary<string, string> ServedGroups(ManifestSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var obj in set.Objects.Where(o => o is { Kind: "APIService", Group: "apiregistration.k8s.io" }))
        {
            var spec = obj.Root.GetMapping("spec");
            if (spec?.GetString("group") is { Length: > 0 } group && spec.GetMapping("service") is { } service && service.GetString("name") is { Length: > 0 } name)
            {
                groups.TryAdd(group, $"the extension API server {service.GetString("namespace") ?? "default"}/{name} (APIService {obj.Name})");
            }
        }

        return groups;
    }
}
