namespace Gate.Core.Cost;

/// <summary>A workload's cost against a <see cref="CostBudget"/> at one cluster size.</summary>
public sealed record BudgetEvaluation
{
    public const string SteadyBytes = "steady-bytes";
    public const string StartupBytes = "startup-bytes";
    public const string SeatUtilization = "seat-utilization";
    public const string Cpu = "cpu";
    public const string Memory = "memory";

    /// <summary>True when some limit's ratio is above 1.</summary>
    public required bool Exceeded { get; init; }

    /// <summary>The largest used/allowed ratio.</summary>
    public required double Ratio { get; init; }

    /// <summary>The limit with the largest ratio (<see cref="SteadyBytes"/>, <see cref="StartupBytes"/>, …).</summary>
    public required string Limit { get; init; }

    /// <summary>Used/allowed per checked limit.</summary>
    public IReadOnlyDictionary<string, double> Ratios { get; init; } = new Dictionary<string, double>();
}
