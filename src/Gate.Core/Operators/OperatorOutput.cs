using Gate.Core.Manifests;

namespace Gate.Core.Operators;

/// <summary>
/// What an operator creates from one custom resource, as Gate reads it: the workload(s) and the objects they link to
/// (the ConfigMap holding the agent config), each carrying the resource's positions.
/// </summary>
public sealed record OperatorOutput
{
    /// <summary>The custom resource the objects come from.</summary>
    public required KubeObject Resource { get; init; }

    /// <summary>How reports name the resource: <c>OpenTelemetryCollector monitoring/agent (OpenTelemetry Operator, mode daemonset)</c>.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>The DaemonSets, Deployments and StatefulSets the operator creates.</summary>
    public required IReadOnlyList<KubeObject> Workloads { get; init; }

    /// <summary>The other objects the workloads link to (ConfigMaps, RBAC).</summary>
    public IReadOnlyList<KubeObject> Objects { get; init; } = [];

    /// <summary>What Gate assumed or left out while translating (shown with each workload).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>One operator's translation of its custom resources into the objects it creates.</summary>
public interface IOperatorTranslation
{
    /// <summary>True when <paramref name="resource"/> is one of this operator's custom resources.</summary>
    bool Handles(KubeObject resource);

    /// <summary>
    /// The objects the operator creates from <paramref name="resource"/>, or null with <paramref name="reason"/> when
    /// Gate cannot read it (the resource then keeps its warning).
    /// </summary>
    OperatorOutput? Translate(KubeObject resource, out string? reason);
}
