namespace Gate.Core.Health;

/// <summary>What the judge knows about the canary: the agent, its canary pods and nodes, and the fleet size.</summary>
public sealed record CanaryContext
{
    /// <summary>Namespace of the DaemonSet (<c>$namespace</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>Name of the DaemonSet (<c>$daemonset</c>).</summary>
    public required string DaemonSet { get; init; }

    /// <summary>Names of the new-revision pods on canary nodes (<c>$pods</c> is their anchored regex alternation).</summary>
    public IReadOnlyList<string> Pods { get; init; } = [];

    /// <summary>Names of the canary nodes (<c>$nodes</c>).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>Nodes running the new revision; the measured cost is divided by this. Defaults to <see cref="Nodes"/>' count.</summary>
    public int? CanaryNodeCount { get; init; }

    /// <summary>Nodes of the whole fleet; the per-node cost is multiplied by this. Null: no projection.</summary>
    public int? FleetNodes { get; init; }

    /// <summary>Overrides the pack's FlowSchema name for the agent.</summary>
    public string? FlowSchema { get; init; }

    /// <summary>
    /// True when the caller installed the FlowSchema for the agent's ServiceAccount itself (gate rollout). A counter
    /// vector gets a series at its first increment, so the FlowSchema's traffic metrics are then missing only because
    /// the canary sent no request: the projection reads that as 0. When false, missing metrics are "no data" (the
    /// schema may not exist or not match), never a pass.
    /// </summary>
    public bool FlowSchemaInstalled { get; init; }

    /// <summary>The estimator's per-node cost by projection metric id, reported beside the measured value.</summary>
    public IReadOnlyDictionary<string, double> EstimatedPerNode { get; init; } = new Dictionary<string, double>();

    /// <summary>Start-up burst by projection metric id: fleet-wide extra added to the projection (from the estimate).</summary>
    public IReadOnlyDictionary<string, double> StartupBurst { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// The resources each canary pod watches, with their scope (from the workload's access patterns). Null when the
    /// caller does not know them: the per-watch projection metrics are then left out.
    /// </summary>
    public IReadOnlyList<CanaryWatch>? Watches { get; init; }

    /// <summary>Fleet budgets by projection metric id that override the pack's (e.g. from the cluster profile's capacity).</summary>
    public IReadOnlyDictionary<string, double> Budgets { get; init; } = new Dictionary<string, double>();

    /// <summary>The node count the cost is divided by.</summary>
    public int EffectiveCanaryNodes => CanaryNodeCount ?? Nodes.Count;
}
