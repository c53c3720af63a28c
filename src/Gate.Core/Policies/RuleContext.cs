using Gate.Core.Cost;

namespace Gate.Core.Policies;

/// <summary>What a rule sees: one workload's estimate, the cluster, the budget for its size and the rule's settings.</summary>
public sealed record RuleContext(WorkloadEstimate Estimate, ClusterProfile Cluster, SizeBudget Budget, RuleSettings Settings);
