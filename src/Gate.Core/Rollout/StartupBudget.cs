using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Core.Rollout;

/// <summary>
/// How many agent pods a stage replaces at once (<see cref="RolloutPlan.MaxConcurrentStarts"/>): as many as start
/// without a request of their start-up burst (initial LISTs and GETs, all in the agent's one APF flow) being rejected,
/// and never more than the DaemonSet controller creates in one sync.
/// </summary>
public static class StartupBudget
{
    /// <summary>
    /// kube-controller-manager's DaemonSet controller creates (and deletes) at most this many pods per sync
    /// (kubernetes/kubernetes pkg/controller/daemon/daemon_controller.go, <c>BurstReplicas</c>: "values that are too high
    /// can cause registry DoS issues"). A larger batch would only wait for the controller's next sync.
    /// </summary>
    public const int DaemonSetBurstReplicas = 250;

    /// <summary>The batch for <paramref name="workload"/> on <paramref name="profile"/>'s control plane.</summary>
    /// <returns>
    /// The largest batch, between 1 and <see cref="DaemonSetBurstReplicas"/>, whose start-up burst the cost model
    /// judges healthy (<see cref="ServerAssessment.StartupOutcome"/>): no request rejected (the seats of the agent's
    /// priority level plus its flow's queue room, on every API server replica) and the burst's transient memory within
    /// one API server's limit. 1 when even one agent's burst is not.
    /// </returns>
    public static int MaxConcurrentStarts(Workload workload, ClusterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(profile);
        bool Fits(int agents) => CostModel.Assess(CostModel.At(workload, profile, agents)).StartupOutcome == ServerOutcome.Healthy;
        if (Fits(DaemonSetBurstReplicas))
        {
            return DaemonSetBurstReplicas;
        }

        // the burst grows with the batch: the largest batch that fits, by bisection (invariant: low fits or is 1, high does not)
        var (low, high) = (1, DaemonSetBurstReplicas);
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            (low, high) = Fits(middle) ? (middle, high) : (low, middle);
        }

        return low;
    }
}
