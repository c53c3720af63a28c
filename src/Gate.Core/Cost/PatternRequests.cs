using Gate.Core.Agents;

namespace Gate.Core.Cost;

/// <summary>
/// The API request an access pattern makes, as the cost model sends it to <see cref="WorkEstimator"/>: the one
/// place that turns a pattern into an APF request, shared by the estimate and the simulator.
/// </summary>
public static class PatternRequests
{
    /// <summary>The request <paramref name="pattern"/> makes with <paramref name="verb"/> (<c>list</c>, <c>watch</c>, <c>get</c>, …).</summary>
    public static ApfRequest For(AccessPattern pattern, string verb)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(verb);
        return PatternCalculator.Request(pattern, verb);
    }

    /// <summary>APF seats of that request on a server in <paramref name="server"/>'s state (upstream work estimators).</summary>
    public static WorkEstimate Seats(AccessPattern pattern, string verb, ApfServerState server, WorkEstimatorConfig? config = null) =>
        WorkEstimator.Estimate(For(pattern, verb), server, config);
}
