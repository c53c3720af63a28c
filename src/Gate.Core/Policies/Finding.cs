using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Policies;

/// <summary>A rule that does not hold for a workload, with its severity and whether it was suppressed.</summary>
public sealed record Finding
{
    public required string RuleId { get; init; }

    public required Severity Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>The workload as <c>namespace/name</c>.</summary>
    public required string Workload { get; init; }

    /// <summary>Where the workload object starts: tells apart workloads of one <c>namespace/name</c> from different files.</summary>
    public SourcePosition? WorkloadOrigin { get; init; }

    /// <summary>The config line that causes the finding (the access pattern's origin, else the workload's).</summary>
    public SourcePosition? Origin { get; init; }

    /// <summary>The access pattern the finding is about, when it is about one.</summary>
    public AccessPattern? Pattern { get; init; }

    /// <summary>True when an annotation or the policy's allow list accepted the finding; it still shows, marked.</summary>
    public bool Suppressed { get; init; }

    /// <summary>Why it was accepted; null unless <see cref="Suppressed"/>.</summary>
    public string? SuppressionReason { get; init; }

    /// <summary><c>annotation</c> (gate.dev/suppress on the workload) or <c>policy</c> (allow list); null unless suppressed.</summary>
    public string? SuppressionSource { get; init; }
}
