namespace Gate.Simulation.Scenarios;

/// <summary>What one calibration load experiment produced.</summary>
public sealed record LoadExperimentResult
{
    /// <summary>Simulated seconds to the first OOM kill, or null when the server survived.</summary>
    public double? OomSeconds { get; init; }

    public double PeakRssBytes { get; init; }

    /// <summary>Most LISTs executing at once.</summary>
    public int PeakExecuting { get; init; }

    public int Ok { get; init; }

    /// <summary>429s the server sent (APF queue-full and time-out).</summary>
    public int Rejected { get; init; }

    public double P50Seconds { get; init; }

    public double P99Seconds { get; init; }

    /// <summary>Average API server CPU over the run, cores.</summary>
    public double CpuCores { get; init; }

    /// <summary>Completed requests per second over the run.</summary>
    public double OkPerSecond { get; init; }
}
