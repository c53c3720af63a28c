namespace Gate.Core.Health;

/// <summary>The outcome of a signal, of the projection, or of a whole analysis.</summary>
public enum HealthOutcome
{
    Pass,
    Fail,
    Inconclusive,
}

/// <summary>A time window, both ends inclusive.</summary>
public sealed record HealthWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    /// <summary>The window of <paramref name="length"/> ending at <paramref name="end"/>.</summary>
    public static HealthWindow Ending(DateTimeOffset end, TimeSpan length) => new(end - length, end);
}

/// <summary>The verdict of one signal with the numbers behind it.</summary>
public sealed record SignalVerdict
{
    public required string Signal { get; init; }

    public required string Title { get; init; }

    public required string Unit { get; init; }

    public required HealthOutcome Outcome { get; init; }

    /// <summary>One line: why, with numbers (e.g. <c>p99 1.8 s above SLO 1 s</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>The canary window's aggregate, or null when there was no data.</summary>
    public double? Value { get; init; }

    /// <summary>The limit the value was checked against (the tighter of the absolute and baseline limits).</summary>
    public double? Limit { get; init; }

    /// <summary>The baseline window's aggregate, when a baseline was compared.</summary>
    public double? Baseline { get; init; }

    /// <summary>One-sided Mann-Whitney U p-value (canary greater), when both windows had enough samples.</summary>
    public double? PValue { get; init; }

    public int Samples { get; init; }

    public int BaselineSamples { get; init; }

    /// <summary>False for optional signals: their outcome does not make the analysis inconclusive.</summary>
    public bool Required { get; init; } = true;

    /// <summary>True when the signal was not evaluated (a canary signal without a canary).</summary>
    public bool Skipped { get; init; }
}

/// <summary>One projected dimension: measured on the canary, per node, × fleet, vs budget.</summary>
public sealed record ProjectionLine
{
    public required string Metric { get; init; }

    public required string Title { get; init; }

    public required string Unit { get; init; }

    public required HealthOutcome Outcome { get; init; }

    public required string Reason { get; init; }

    /// <summary>The canary's total (all canary nodes).</summary>
    public double? Measured { get; init; }

    /// <summary>Measured ÷ canary nodes.</summary>
    public double? PerNode { get; init; }

    /// <summary>What the estimator predicted per node, when known.</summary>
    public double? EstimatedPerNode { get; init; }

    /// <summary>PerNode × fleet + start-up burst.</summary>
    public double? Projected { get; init; }

    public required double Budget { get; init; }
}

/// <summary>The projection: the canary's own measured cost, per node, × fleet size, vs the budget.</summary>
public sealed record ProjectionVerdict
{
    public required HealthOutcome Outcome { get; init; }

    public required string Reason { get; init; }

    public required string FlowSchema { get; init; }

    public required int CanaryNodes { get; init; }

    public required int FleetNodes { get; init; }

    public required IReadOnlyList<ProjectionLine> Lines { get; init; }
}

/// <summary>The verdict of one analysis: the outcome, why, and every signal's verdict.</summary>
public sealed record HealthVerdict
{
    public required HealthOutcome Outcome { get; init; }

    /// <summary>One line summarising the outcome (the failed signals, or why it is inconclusive).</summary>
    public required string Reason { get; init; }

    public required HealthWindow Window { get; init; }

    public HealthWindow? BaselineWindow { get; init; }

    public required IReadOnlyList<SignalVerdict> Signals { get; init; }

    public ProjectionVerdict? Projection { get; init; }

    /// <summary>Inconclusive analyses in a row including this one (0 after a pass or fail).</summary>
    public int ConsecutiveInconclusive { get; init; }

    public int InconclusiveLimit { get; init; }

    /// <summary>The health source's name.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The exit code of <c>gate analyze --exit-code</c>: 0 pass, 1 fail, 4 inconclusive.</summary>
    public int ExitCode => Outcome switch
    {
        HealthOutcome.Pass => ExitCodes.Pass,
        HealthOutcome.Fail => ExitCodes.PolicyViolation,
        _ => ExitCodes.Inconclusive,
    };
}

/// <summary>The baseline: each signal's samples before the canary started (or the query error).</summary>
public sealed record HealthBaseline
{
    public required HealthWindow Window { get; init; }

    /// <summary>Samples by signal id (worst across series), or the query error.</summary>
    public required IReadOnlyDictionary<string, HealthQueryResult> Signals { get; init; }
}
