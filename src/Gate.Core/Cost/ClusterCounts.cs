namespace Gate.Core.Cost;

/// <summary>
/// What <c>--from-cluster</c> reads cheaply from a live cluster (<c>limit=1</c> + <c>remainingItemCount</c>, or
/// <c>apiserver_storage_objects</c>): node count, object counts, and what is known about the API servers.
/// Anything left null is derived from the reference cluster at <see cref="Nodes"/>.
/// </summary>
public sealed record ClusterCounts
{
    public required int Nodes { get; init; }

    /// <summary>Objects per plural resource name (<c>pods</c>, <c>replicasets</c>, <c>widgets.example.com</c>).</summary>
    public IReadOnlyDictionary<string, double> ObjectCounts { get; init; } = new Dictionary<string, double>();

    /// <summary>API server replicas (endpoints of the <c>kubernetes</c> service), when known.</summary>
    public int? ApiServerReplicas { get; init; }

    /// <summary>Total API server cores, when known (e.g. from control-plane node capacity).</summary>
    public double? ApiServerCores { get; init; }

    public double? ApiServerMemoryBytesPerReplica { get; init; }

    public int? MaxRequestsInflight { get; init; }

    public int? MaxMutatingRequestsInflight { get; init; }

    /// <summary>Server version, e.g. <c>v1.31.4</c>.</summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>Where the counts came from, shown in reports (default <c>cluster</c>).</summary>
    public string Source { get; init; } = "cluster";

    /// <summary>What the reader could not count exactly (shown as warnings), e.g. a resource without remainingItemCount.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
