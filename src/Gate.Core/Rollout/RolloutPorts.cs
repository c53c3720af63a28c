namespace Gate.Core.Rollout;

/// <summary>The engine's connections to the world: the cluster and, optionally, a progress sink (the live view).</summary>
/// <param name="Cluster">The DaemonSet operator.</param>
/// <param name="Progress">Called after every decision (synchronously; keep it cheap).</param>
/// <param name="FlowSchemas">
/// Where the per-agent FlowSchema is created while stages run and removed when the rollout ends (null: none is
/// installed, the projection signal then has no data for the canary).
/// </param>
public sealed record RolloutPorts(IDaemonSetOperator Cluster, Action<RolloutProgress>? Progress = null, ICanaryFlowSchemas? FlowSchemas = null);
