namespace Gate.Core.Cost;

/// <summary>The cost of one workload at one cluster profile: per pattern and in total.</summary>
public sealed record SizeCost(ClusterProfile Profile, IReadOnlyList<PatternCost> Patterns, CostTotal Total);
