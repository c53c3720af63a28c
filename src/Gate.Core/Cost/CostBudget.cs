namespace Gate.Core.Cost;

/// <summary>
/// What one workload may cost the API servers. The default is the corpus labeller's reference budget
/// (<c>tests/Gate.Testing/Corpus/ReferenceLabeller.cs</c>, tests/corpus/README.md): 10 % of the control plane's read capacity (cores × 76 MB/s) for steady bytes/s,
/// and 120 s of that budget for starting every replica at once. Policy files may add seat, CPU and memory limits.
/// </summary>
public sealed record CostBudget
{
    /// <summary>The reference budget of the corpus labelling rule.</summary>
    public static CostBudget Default { get; } = new();

    /// <summary>Share of <see cref="ApiServerCapacity.ReadCapacityBytesPerSecond"/> one workload may use steadily.</summary>
    public double CapacityShare { get; init; } = 0.10;

    /// <summary>Seconds of the steady budget that starting every replica at once may use.</summary>
    public double StartupBurstSeconds { get; init; } = 120;

    /// <summary>Maximum steady seat utilization of the workload's priority level (null: not checked).</summary>
    public double? MaxSeatUtilization { get; init; }

    /// <summary>Maximum share of the API server cores (null: not checked).</summary>
    public double? MaxCpuShare { get; init; }

    /// <summary>Maximum share of one API server's memory for transient LIST buffers (null: not checked).</summary>
    public double? MaxPeakMemoryShare { get; init; }

    /// <summary>Steady bytes/s the budget allows at <paramref name="capacity"/>.</summary>
    public double SteadyBytesPerSecond(ApiServerCapacity capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return capacity.ReadCapacityBytesPerSecond * CapacityShare;
    }

    /// <summary>Start-up bytes the budget allows at <paramref name="capacity"/>.</summary>
    public double StartupBytes(ApiServerCapacity capacity) => SteadyBytesPerSecond(capacity) * StartupBurstSeconds;

    /// <summary>Compares <paramref name="total"/> with every limit of the budget.</summary>
    public BudgetEvaluation Evaluate(CostTotal total, ApiServerCapacity capacity)
    {
        ArgumentNullException.ThrowIfNull(total);
        ArgumentNullException.ThrowIfNull(capacity);
        var ratios = new List<(string Limit, double Ratio)>
        {
            (BudgetEvaluation.SteadyBytes, Ratio(total.BytesPerSecond, SteadyBytesPerSecond(capacity))),
            (BudgetEvaluation.StartupBytes, Ratio(total.StartupBytes, StartupBytes(capacity))),
        };
        if (MaxSeatUtilization is { } seats)
        {
            ratios.Add((BudgetEvaluation.SeatUtilization, Ratio(total.SeatUtilization, seats)));
        }

        if (MaxCpuShare is { } cpu)
        {
            ratios.Add((BudgetEvaluation.Cpu, Ratio(total.CpuCores, cpu * capacity.Cores)));
        }

        if (MaxPeakMemoryShare is { } memory)
        {
            ratios.Add((BudgetEvaluation.Memory, Ratio(total.PeakMemoryBytes, memory * capacity.MemoryBytesPerReplica)));
        }

        var worst = ratios.MaxBy(r => r.Ratio);
        return new BudgetEvaluation
        {
            Exceeded = worst.Ratio > 1.0,
            Ratio = worst.Ratio,
            Limit = worst.Limit,
            Ratios = ratios.ToDictionary(r => r.Limit, r => r.Ratio, StringComparer.Ordinal),
        };
    }

    private static double Ratio(double used, double allowed) =>
        used <= 0 ? 0 : allowed <= 0 ? double.PositiveInfinity : used / allowed;
}
