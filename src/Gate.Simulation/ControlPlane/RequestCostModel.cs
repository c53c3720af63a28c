using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Simulation.ControlPlane;

/// <summary>
/// Prices one request of an <see cref="AccessPattern"/> on the simulated server with Gate.Core's cost model
/// (<see cref="RequestPricing"/>): the same constants (<see cref="CostCalibration"/>), APF table, serving rules and
/// work estimator as <c>gate estimate</c>, so the two cannot price one request differently. The simulator adds only
/// what happens over time: queueing, CPU sharing, heap growing with a request's progress, crashes.
/// </summary>
public sealed class RequestCostModel
{
    private readonly ClusterProfile profile;

    public RequestCostModel(ClusterProfile profile)
    {
        this.profile = profile ?? throw new ArgumentNullException(nameof(profile));
    }

    /// <summary>The cost of one request of <paramref name="pattern"/> (for a WATCH: opening it, plus its fan-out cores).</summary>
    public RequestCost Price(AccessPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var price = RequestPricing.Price(pattern, profile);
        return new RequestCost
        {
            Verb = pattern.Verb.ToString().ToUpperInvariant(),
            Resource = pattern.Resource,
            Scope = pattern.Scope switch
            {
                PatternScope.Cluster => "cluster",
                PatternScope.Namespace => "namespace",
                PatternScope.Object => "resource",
                _ => pattern.Resource == "nodes" ? "resource" : "cluster",
            },
            Seats = price.Seats,
            CpuSeconds = price.CpuSeconds,
            ResponseBytes = price.ResponseBytes,
            MemoryBytes = price.TransientMemoryBytes,
            ReadBytes = price.ReadBytes,
            WatchBytesPerSecond = price.WatchEventsPerSecond * price.WatchEventBytes,
            WatchEventsPerSecond = price.WatchEventsPerSecond,
            FromEtcd = price.FromEtcd,
            Mutating = price.Mutating,
            WatchCores = price.WatchCores,
        };
    }

    /// <summary>
    /// APF seats of a LIST, from Gate.Core's <see cref="WorkEstimator"/> (upstream <c>list_work_estimator.go</c>): the
    /// cluster-wide object count, not the objects returned, decides (the level's own cap applies on top).
    /// </summary>
    public static int ListSeats(AccessPattern pattern, double numStored, bool consistentListFromCache) =>
        PatternRequests.Seats(pattern, "list", new ApfServerState { ObjectCount = (long)Math.Round(numStored), ConsistentListFromCache = consistentListFromCache }).InitialSeats;
}
