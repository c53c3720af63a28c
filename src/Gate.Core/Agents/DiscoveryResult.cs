using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>The workloads found in the inputs, with their access patterns, plus every object and the diagnostics.</summary>
public sealed record DiscoveryResult
{
    /// <summary>DaemonSets and Deployments in input order (file order, then document order).</summary>
    public required IReadOnlyList<Workload> Workloads { get; init; }

    /// <summary>Every Kubernetes object read from the inputs.</summary>
    public required ManifestSet Manifests { get; init; }

    /// <summary>Non-fatal notes (skipped documents, unresolved references).</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>Files found in folders that are not manifests (Helm templates, chart and Kustomize files), in input order.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];
}
