namespace Gate.Core.Rollout;

/// <summary>The engine's connections to the world: the cluster and, optionally, a progress sink (the live view).</summary>
/// <param name="Cluster">The DaemonSet operator.</param>
/// <param name="Progress">Called after every decision (synchronously; keep it cheap).</param>
public sealed record RolloutPorts(IDaemonSetOperator Cluster, Action<RolloutProgress>? Progress = null);
