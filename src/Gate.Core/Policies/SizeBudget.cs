namespace Gate.Core.Policies;

/// <summary>What one workload may cost the API server in clusters up to a size (policy <c>budgets[]</c>).</summary>
public sealed record SizeBudget
{
    /// <summary>The largest node count this budget covers; null covers every larger cluster.</summary>
    public int? UpToNodes { get; init; }

    /// <summary>Share of the API servers' read capacity (cores × bytes per core-second) one workload may use steadily.</summary>
    public double ReadShare { get; init; } = 0.10;

    /// <summary>Starting the workload everywhere at once may take at most this many seconds of the read budget.</summary>
    public double StartupBurstSeconds { get; init; } = 120;

    /// <summary>Share of the workload-low priority level's seats the workload may occupy steadily.</summary>
    public double ApfShare { get; init; } = 0.50;

    /// <summary>The first rollout stage after the canary, in percent of nodes (at least one node).</summary>
    public double FirstStagePercent { get; init; } = 1;

    /// <summary>Share of workload-low seats assumed free when the first stage starts.</summary>
    public double ApfHeadroomShare { get; init; } = 0.50;
}
