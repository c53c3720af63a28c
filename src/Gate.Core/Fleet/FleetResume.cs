using Gate.Core.Rollout;

namespace Gate.Core.Fleet;

/// <summary>
/// Where a cluster stands in a fleet rollout, read from the state its own rollout left in the cluster (the
/// <c>gate.dev/rollout</c> annotation): that is how a restarted gate resumes the fleet where it was.
/// </summary>
public static class FleetResume
{
    /// <summary>
    /// <see cref="FleetClusterOutcome.Running"/> for a rollout in progress (any target: the engine resumes or reports it),
    /// the recorded end for a finished rollout of <paramref name="target"/> (<see cref="TemplateChange.Describe"/>),
    /// else <see cref="FleetClusterOutcome.NotStarted"/>.
    /// </summary>
    public static FleetClusterOutcome OutcomeOf(RolloutState? state, string target)
    {
        if (state is null)
        {
            return FleetClusterOutcome.NotStarted;
        }

        if (!state.IsTerminal)
        {
            return FleetClusterOutcome.Running;
        }

        if (!string.Equals(state.Target, target, StringComparison.Ordinal))
        {
            // an earlier rollout, or a rollback (gate rollback, --on-failure rollback-all): not on the target
            return FleetClusterOutcome.NotStarted;
        }

        return state.Phase == RolloutPhase.Promoted ? FleetClusterOutcome.Promoted
            : state.RollbackKind == RolloutOutcomeKind.Inconclusive ? FleetClusterOutcome.Inconclusive
            : FleetClusterOutcome.RolledBack;
    }
}
