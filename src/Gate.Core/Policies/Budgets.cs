using Gate.Core.Cost;

namespace Gate.Core.Policies;

/// <summary>The budget arithmetic rules and reports share (docs/policies.md, "Budgets").</summary>
public static class Budgets
{
    /// <summary>Steady read bytes per second one workload may use: <c>readShare × cores × bytes per core-second</c>.</summary>
    public static double ReadBytesPerSecond(ApiServerCapacity capacity, SizeBudget budget)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(budget);
        return budget.ReadShare * capacity.ReadCapacityBytesPerSecond;
    }

    /// <summary>Bytes a full-fleet start may read: <c>startupBurstSeconds</c> of the read budget.</summary>
    public static double StartupBytes(ApiServerCapacity capacity, SizeBudget budget) =>
        ReadBytesPerSecond(capacity, budget) * budget.StartupBurstSeconds;

    /// <summary>Nominal seats of workload-low across all API server replicas: <c>ceil(serverCL × 100 / 245) × replicas</c>.</summary>
    public static double WorkloadLowSeats(ApiServerCapacity capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return (double)ApfConfiguration.Limits(capacity).NominalSeats * Math.Max(1, capacity.Replicas);
    }

    /// <summary>The priority level the workload's requests land in and its nominal seats across all API server replicas.</summary>
    public static (string Level, double Seats) PriorityLevelSeats(Agents.Workload workload, ClusterProfile cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var level = CostModel.PriorityLevel(workload, cluster);
        return (level.Name, (double)level.NominalSeats * Math.Max(1, cluster.ApiServer.Replicas));
    }

    /// <summary>Replicas of the first rollout stage: <c>firstStagePercent</c> of the nodes, at least one.</summary>
    public static int FirstStageReplicas(int nodes, SizeBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return Math.Max(1, (int)Math.Ceiling(nodes * budget.FirstStagePercent / 100.0));
    }
}
