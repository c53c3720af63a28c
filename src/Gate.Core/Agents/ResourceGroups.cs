namespace Gate.Core.Agents;

/// <summary>API groups of well-known resources (agents often name a resource without its group).</summary>
public static class ResourceGroups
{
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["pods"] = string.Empty, ["nodes"] = string.Empty, ["namespaces"] = string.Empty, ["services"] = string.Empty,
        ["endpoints"] = string.Empty, ["configmaps"] = string.Empty, ["secrets"] = string.Empty, ["events"] = string.Empty,
        ["persistentvolumes"] = string.Empty, ["persistentvolumeclaims"] = string.Empty, ["resourcequotas"] = string.Empty,
        ["replicationcontrollers"] = string.Empty, ["serviceaccounts"] = string.Empty, ["limitranges"] = string.Empty,
        ["deployments"] = "apps", ["replicasets"] = "apps", ["statefulsets"] = "apps", ["daemonsets"] = "apps",
        ["jobs"] = "batch", ["cronjobs"] = "batch", ["horizontalpodautoscalers"] = "autoscaling",
        ["ingresses"] = "networking.k8s.io", ["networkpolicies"] = "networking.k8s.io", ["endpointslices"] = "discovery.k8s.io",
        ["leases"] = "coordination.k8s.io", ["storageclasses"] = "storage.k8s.io",
    };

    /// <summary>The group of <paramref name="resource"/> (core when unknown).</summary>
    public static string Of(string resource) => Groups.TryGetValue(resource, out var group) ? group : string.Empty;
}
