namespace Gate.Core.Cost;

/// <summary>Whether the API server's object-count tracker knows the resource (upstream <c>object_count_tracker.go</c>).</summary>
public enum ObjectCountState
{
    /// <summary>The count is fresh.</summary>
    Tracked,

    /// <summary>No update for 3 minutes: the estimator charges the maximum.</summary>
    Stale,

    /// <summary>Unknown to this server (e.g. an aggregated API): the estimator charges the minimum.</summary>
    NotFound,
}

/// <summary>
/// The parts of one request that the upstream APF work estimators read: the request info (verb, resource, name)
/// and the list options from the query string.
/// </summary>
public sealed record ApfRequest
{
    /// <summary>Lower-case Kubernetes verb: <c>list</c>, <c>watch</c>, <c>get</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>.</summary>
    public required string Verb { get; init; }

    public string Group { get; init; } = string.Empty;

    public required string Resource { get; init; }

    public string? Subresource { get; init; }

    /// <summary>The request's namespace, empty for cluster-wide requests.</summary>
    public string Namespace { get; init; } = string.Empty;

    /// <summary>The object name in the path (or from an exact <c>metadata.name</c> field selector).</summary>
    public string? Name { get; init; }

    public string? FieldSelector { get; init; }

    public string? LabelSelector { get; init; }

    /// <summary><c>null</c> or empty = unset.</summary>
    public string? ResourceVersion { get; init; }

    public string? ResourceVersionMatch { get; init; }

    public string? Continue { get; init; }

    /// <summary>0 = no limit.</summary>
    public long Limit { get; init; }

    public bool? SendInitialEvents { get; init; }

    /// <summary>True when the query string does not parse as list options (upstream charges the maximum).</summary>
    public bool InvalidListOptions { get; init; }
}

/// <summary>What the server knows when it estimates a request: object count, watch count, features, level cap.</summary>
public sealed record ApfServerState
{
    /// <summary>Objects stored for the request's group/resource, cluster-wide.</summary>
    public long ObjectCount { get; init; }

    public ObjectCountState CountState { get; init; } = ObjectCountState.Tracked;

    /// <summary>Watches on this server interested in the write (cluster-wide + same namespace + same name).</summary>
    public int InterestedWatches { get; init; }

    /// <summary>Feature ConsistentListFromCache on and etcd supports RequestWatchProgress.</summary>
    public bool ConsistentListFromCache { get; init; } = true;

    /// <summary>Feature WatchList on (v1.32: Beta, on).</summary>
    public bool WatchList { get; init; } = true;

    /// <summary>Kubernetes minor version: up to v1.30 the estimator also sends every paginated LIST to storage.</summary>
    public int KubernetesMinor { get; init; } = 32;

    /// <summary><c>maxSeats</c> of the request's priority level (0 = use the global limit).</summary>
    public int PriorityLevelMaxSeats { get; init; }
}
