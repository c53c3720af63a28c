namespace Gate.Core.Policies;

/// <summary>The findings of a policy over an estimate, in report order, and the verdict at a fail-on level.</summary>
public sealed record CheckResult
{
    public required Policy Policy { get; init; }

    /// <summary>Findings: unsuppressed first, then by severity (highest first), workload, location, rule id and message.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>The lowest severity that fails the check (<c>--fail-on</c>).</summary>
    public Severity FailOn { get; init; } = Severity.Error;

    /// <summary>True when no unsuppressed finding is at or above <see cref="FailOn"/>.</summary>
    public bool Passed => !Findings.Any(Fails);

    /// <summary>True when <paramref name="finding"/> alone fails the check.</summary>
    public bool Fails(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return !finding.Suppressed && finding.Severity >= FailOn && finding.Severity != Severity.Off;
    }
}
