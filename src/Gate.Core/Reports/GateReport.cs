using Gate.Core.Cost;
using Gate.Core.Manifests;
using Gate.Core.Policies;

namespace Gate.Core.Reports;

/// <summary>
/// The neutral report every format renders: the estimate, the policy whose budgets the report shows, and for
/// <c>gate check</c> the findings. Renderers read it and return text; nothing here writes files or reads a clock.
/// </summary>
public sealed record GateReport
{
    public required EstimateReport Estimate { get; init; }

    /// <summary>The policy whose budgets are shown (the built-in default for <c>gate estimate</c>).</summary>
    public required Policy Policy { get; init; }

    /// <summary>The findings of <c>gate check</c>; null for <c>gate estimate</c>.</summary>
    public CheckResult? Check { get; init; }

    /// <summary>Files found in the input folders that are not manifests (Helm templates, chart and Kustomize files), skipped.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>Paths in the report are written relative to this directory (forward slashes) when under it.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>True for <c>gate check</c>.</summary>
    public bool IsCheck => Check is not null;

    /// <summary>The budget at the report's cluster size.</summary>
    public SizeBudget Budget => Policy.BudgetFor(Estimate.Cluster.Nodes);

    /// <summary>A source path as reports show it: relative to <see cref="BaseDirectory"/> with forward slashes.</summary>
    public string DisplayPath(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file == "-" || BaseDirectory is null || !Path.IsPathFullyQualified(file))
        {
            return file.Replace('\\', '/');
        }

        var relative = Path.GetRelativePath(BaseDirectory, file);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? file : relative).Replace('\\', '/');
    }

    /// <summary>Findings of one workload (<c>namespace/name</c>).</summary>
    public IEnumerable<Finding> FindingsOf(string workload) =>
        Check?.Findings.Where(f => string.Equals(f.Workload, workload, StringComparison.Ordinal)) ?? [];

    /// <summary>Findings of one workload of the estimate: its <c>namespace/name</c> and, when several share it, its file.</summary>
    public IEnumerable<Finding> FindingsOf(WorkloadEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var origin = estimate.Workload.Origin;
        return FindingsOf(ReportFacts.Name(estimate.Workload)).Where(f => f.WorkloadOrigin is null || origin is null || f.WorkloadOrigin == origin);
    }

    /// <summary>
    /// A workload as reports name it: <c>namespace/name</c>, followed by its file when another workload of the report
    /// has the same <c>namespace/name</c> (<c>envs/dev</c> and <c>envs/prod</c> checked together).
    /// </summary>
    public string WorkloadLabel(string workload, SourcePosition? origin)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var shared = origin is not null && Estimate.Workloads.Count(e => string.Equals(ReportFacts.Name(e.Workload), workload, StringComparison.Ordinal)) > 1;
        return shared ? $"{workload} ({DisplayPath(origin!.File)})" : workload;
    }

    /// <summary>The label of a workload of the estimate (see <see cref="WorkloadLabel(string, SourcePosition?)"/>).</summary>
    public string WorkloadLabel(WorkloadEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return WorkloadLabel(ReportFacts.Name(estimate.Workload), estimate.Workload.Origin);
    }

    /// <summary>The label of a finding's workload (see <see cref="WorkloadLabel(string, SourcePosition?)"/>).</summary>
    public string WorkloadLabel(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return WorkloadLabel(finding.Workload, finding.WorkloadOrigin);
    }
}
