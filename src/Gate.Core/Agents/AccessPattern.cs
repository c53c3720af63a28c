using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>The Kubernetes API verb of an access pattern.</summary>
public enum ApiVerb
{
    List,
    Watch,
    Get,
    Create,
    Update,
    Patch,
    Delete,
}

/// <summary>How much of a resource one request covers.</summary>
public enum PatternScope
{
    /// <summary>All namespaces / all objects of the resource.</summary>
    Cluster,

    /// <summary>One namespace.</summary>
    Namespace,

    /// <summary>The objects of the agent's own node (<c>spec.nodeName=$NODE</c> or own-node <c>metadata.name</c>).</summary>
    Node,

    /// <summary>One named object.</summary>
    Object,
}

/// <summary>Wire encoding of responses.</summary>
public enum WireEncoding
{
    Json,
    Protobuf,
}

/// <summary>How many copies of a workload run: one per node (DaemonSet) or a fixed number (Deployment).</summary>
public enum Multiplicity
{
    PerNode,
    PerCluster,
}

/// <summary>Where the patterns of a workload came from, in order of trust.</summary>
public enum PatternSource
{
    /// <summary>The agent catalogue read the agent's real configuration.</summary>
    Catalogue,

    /// <summary>Declared by the author (annotation <c>gate.dev/access-patterns</c> or <c>--patterns FILE</c>).</summary>
    Declared,

    /// <summary>Unknown agent: every list/watch its RBAC grants, cluster-wide. An upper bound.</summary>
    RbacWorstCase,

    /// <summary>The workload makes no API calls (no token mounted, or a known agent that needs none).</summary>
    None,
}

/// <summary>
/// One kind of request an agent replica makes to the API server (DESIGN.md, "Access patterns"). An informer is two
/// patterns: its initial <see cref="ApiVerb.List"/> and its <see cref="ApiVerb.Watch"/>.
/// </summary>
public sealed record AccessPattern
{
    public required ApiVerb Verb { get; init; }

    /// <summary>API group, empty for the core group.</summary>
    public string Group { get; init; } = string.Empty;

    /// <summary>Plural resource name, e.g. <c>pods</c>.</summary>
    public required string Resource { get; init; }

    public required PatternScope Scope { get; init; }

    public string? FieldSelector { get; init; }

    public string? LabelSelector { get; init; }

    /// <summary><c>null</c> = unset (consistent read), <c>"0"</c> = any (watch cache), otherwise an exact version.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Page size, <c>null</c> when the request is not paginated.</summary>
    public int? Limit { get; init; }

    /// <summary>Seconds between requests; <c>null</c> = once at start (list/get) or a long-lived watch.</summary>
    public double? PeriodSeconds { get; init; }

    public WireEncoding Encoding { get; init; } = WireEncoding.Json;

    /// <summary>The manifest or config line that causes the pattern.</summary>
    public SourcePosition? Origin { get; init; }

    /// <summary>One sentence on why the agent makes this request (shown in reports).</summary>
    public string? Reason { get; init; }

    /// <summary>True for patterns inferred as an upper bound (RBAC worst case), not read from the agent's config.</summary>
    public bool UpperBound { get; init; }

    /// <summary>
    /// Copies of this pattern in the whole cluster, when it is not the workload's own multiplicity: <c>null</c> = every
    /// replica of the workload makes it (every node for a DaemonSet); a number = that many copies at most (1 for what
    /// only an elected leader does, N for N shards), never more than the workload's replicas.
    /// </summary>
    public int? Replicas { get; init; }

    /// <summary>True when only the elected leader of the workload makes the request (reports say "once per leader").</summary>
    public bool LeaderElected { get; init; }

    /// <summary>
    /// The extension API server an <c>APIService</c> of the inputs hands the pattern's group to (the kube-apiserver only
    /// proxies the request); null otherwise. The well-known metrics groups are proxied whether or not it is set.
    /// </summary>
    public string? ProxiedTo { get; init; }

    /// <summary>Group/resource as <c>resource</c> or <c>resource.group</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
