using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>
/// A workload (DaemonSet or Deployment) with the access patterns its agent makes, as ingestion and the agent
/// catalogue found them. Input to the cost model and the policy rules.
/// </summary>
public sealed record Workload
{
    /// <summary><c>DaemonSet</c> or <c>Deployment</c> (also <c>apps.kruise.io</c> DaemonSet; <c>StatefulSet</c> when an operator creates one).</summary>
    public required string Kind { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>The detected agent, e.g. <c>opentelemetry-collector</c>; <c>unknown</c> when none matched.</summary>
    public required string Agent { get; init; }

    public required PatternSource PatternSource { get; init; }

    public Multiplicity Multiplicity { get; init; } = Multiplicity.PerNode;

    /// <summary>Replicas for <see cref="Multiplicity.PerCluster"/>; ignored per node.</summary>
    public int Replicas { get; init; } = 1;

    public string? ServiceAccount { get; init; }

    public IReadOnlyList<AccessPattern> AccessPatterns { get; init; } = [];

    /// <summary>Where the workload object starts.</summary>
    public SourcePosition? Origin { get; init; }

    /// <summary>Where the <c>gate.dev/suppress</c> annotation's key is, for errors in it; null when the workload has none.</summary>
    public SourcePosition? SuppressionOrigin { get; init; }

    /// <summary>The workload's annotations (suppressions live here: <c>gate.dev/suppress</c>).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The fan-in the workload takes part in (a per-node agent reading through a proxy, or the proxy), one line for the
    /// reports; null when none.
    /// </summary>
    public string? FanIn { get; init; }

    /// <summary>
    /// The operator resource the workload is read from (<c>OpenTelemetryCollector monitoring/agent (OpenTelemetry
    /// Operator, mode daemonset)</c>), for reports; null for a workload of the inputs.
    /// </summary>
    public string? CreatedBy { get; init; }

    /// <summary>Notes from ingestion the reports should show (e.g. "unknown agent: declare the patterns").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
