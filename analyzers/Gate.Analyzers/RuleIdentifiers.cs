namespace Gate.Analyzers;

/// <summary>The one place that names every Gate rule: ids, category and help links.</summary>
public static class RuleIdentifiers
{
    /// <summary>Cluster-wide pod/endpoint/node LIST or WATCH without a node-scoped selector.</summary>
    public const string ClusterWideListWithoutNodeSelector = "GATE0001";

    /// <summary>LIST inside a loop or timer callback (polling) where a watch or informer fits.</summary>
    public const string PollingList = "GATE0002";

    /// <summary>LIST without resourceVersion on a polling path (a consistent read from etcd every time).</summary>
    public const string PollingListWithoutResourceVersion = "GATE0003";

    /// <summary>Cluster-wide LIST without <c>limit</c> (no pagination).</summary>
    public const string ClusterWideListWithoutLimit = "GATE0004";

    /// <summary>WATCH without timeout, bookmarks or 410 Gone handling.</summary>
    public const string UnguardedWatch = "GATE0005";

    /// <summary>The category every Gate rule reports under.</summary>
    public const string Category = "KubernetesApiCost";

    /// <summary>The rule's documentation page.</summary>
    public static string GetHelpUri(string id) => "https://github.com/gate-dev/gate/blob/main/docs/rules/" + id + ".md";
}
