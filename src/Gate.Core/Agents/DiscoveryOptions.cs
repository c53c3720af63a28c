using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>Options of <see cref="WorkloadDiscovery.Discover(IReadOnlyList{ManifestSource}, DiscoveryOptions?)"/>.</summary>
public sealed record DiscoveryOptions
{
    /// <summary>Pattern files (<c>--patterns FILE</c>) declaring access patterns per workload.</summary>
    public IReadOnlyList<ManifestSource> PatternFiles { get; init; } = [];

    public InputLimits Limits { get; init; } = InputLimits.Default;

    /// <summary>The agent catalogue to use (default: <see cref="AgentCatalogue.Default"/>).</summary>
    public IReadOnlyList<IAgentModel>? Catalogue { get; init; }
}
