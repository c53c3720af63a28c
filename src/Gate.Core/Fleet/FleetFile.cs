using Gate.Core.Manifests;

namespace Gate.Core.Fleet;

/// <summary>One cluster of FLEET.yaml.</summary>
public sealed record FleetCluster
{
    /// <summary>The cluster's name in the fleet (unique; used in waves, events and <c>gate status --fleet</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The kubeconfig context (default: <see cref="Name"/>).</summary>
    public string? Context { get; init; }

    /// <summary>A kubeconfig file for this cluster, relative to FLEET.yaml's folder (default: the command's kubeconfig).</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The cluster's Prometheus, or null when <see cref="ScrapeApiServer"/> or the command's default is used.</summary>
    public Uri? Prometheus { get; init; }

    /// <summary>True to read health from the API servers' own <c>/metrics</c> instead of a Prometheus.</summary>
    public bool ScrapeApiServer { get; init; }

    /// <summary>A size override in nodes (skips reading the node count from the cluster).</summary>
    public int? Nodes { get; init; }

    /// <summary>Where the cluster's entry starts in FLEET.yaml.</summary>
    public required SourcePosition Position { get; init; }
}

/// <summary>One explicit wave of FLEET.yaml.</summary>
/// <param name="Clusters">Cluster names, in order.</param>
/// <param name="PauseBefore">Wait for <c>gate promote --fleet</c> before the wave.</param>
/// <param name="Position">Where the wave's entry starts.</param>
public sealed record FleetWaveSpec(IReadOnlyList<string> Clusters, bool PauseBefore, SourcePosition Position);

/// <summary>
/// A parsed FLEET.yaml (<c>apiVersion: gate.dev/v1</c>, <c>kind: Fleet</c>): the clusters and either explicit waves or
/// <c>waves: by-size</c> (one cluster per wave, ascending node count).
/// </summary>
public sealed record FleetFile
{
    public required IReadOnlyList<FleetCluster> Clusters { get; init; }

    /// <summary>The explicit waves, or null for <c>by-size</c>.</summary>
    public IReadOnlyList<FleetWaveSpec>? Waves { get; init; }

    /// <summary>With <c>by-size</c>: the 1-based waves that pause (<c>pauseBeforeWaves: [2]</c>).</summary>
    public IReadOnlyList<int> PauseBeforeWaves { get; init; } = [];

    /// <summary>The file's path as given.</summary>
    public required string Path { get; init; }

    /// <summary>The cluster named <paramref name="name"/>.</summary>
    public FleetCluster Cluster(string name) => Clusters.First(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
