namespace Gate.Core.Cost;

/// <summary>
/// Port: reads a live cluster's counts cheaply for <c>--from-cluster</c> (no full LISTs). The Kubernetes adapter
/// implements it with KubernetesClient; the simulator and tests implement it too.
/// </summary>
public interface IClusterReader
{
    /// <summary>Counts of the cluster; throws <see cref="GateEnvironmentException"/> when the cluster cannot be read.</summary>
    Task<ClusterCounts> ReadCountsAsync(CancellationToken cancellationToken = default);
}
