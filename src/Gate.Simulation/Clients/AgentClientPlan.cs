using Gate.Core.Agents;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Clients;

/// <summary>
/// How an agent pod's access patterns become clients, shared by <see cref="AgentInstance"/> (one pod) and
/// <see cref="AgentCohort"/> (every pod of a revision): a WATCH becomes an informer whose LIST is the pattern's LIST
/// without a period (or a resourceVersion=0 LIST); that LIST is then not sent on its own; every other pattern is a
/// poller (a one-off request at start when it has no period).
/// </summary>
internal static class AgentClientPlan
{
    /// <summary>One client of an agent pod: an informer (<see cref="InformerList"/> set) or a poller.</summary>
    internal sealed record Client(AccessPattern Pattern, AccessPattern? InformerList)
    {
        public double Period => Pattern.PeriodSeconds ?? 0;
    }

    /// <summary>The clients of one pod of <paramref name="workload"/>.</summary>
    public static IEnumerable<Client> For(Workload workload)
    {
        var watched = workload.AccessPatterns.Where(p => p.Verb == ApiVerb.Watch).Select(p => p.GroupResource).ToHashSet(StringComparer.Ordinal);
        foreach (var pattern in workload.AccessPatterns)
        {
            if (pattern.Verb == ApiVerb.Watch)
            {
                var informerList = workload.AccessPatterns.FirstOrDefault(p => p.Verb == ApiVerb.List && p.PeriodSeconds is null && p.GroupResource == pattern.GroupResource)
                    ?? pattern with { Verb = ApiVerb.List, ResourceVersion = "0", PeriodSeconds = null };
                yield return new Client(pattern, informerList);
            }
            else if (!(pattern.Verb == ApiVerb.List && pattern.PeriodSeconds is null && watched.Contains(pattern.GroupResource)))
            {
                yield return new Client(pattern, null); // (an informer's LIST is sent by its informer)
            }
        }
    }

    /// <summary>
    /// Requests of <paramref name="pattern"/> by the agent's ServiceAccount, priced once; the flow is looked up per
    /// request, so a FlowSchema the gate adds during the run applies to the next one.
    /// </summary>
    public static SimRequest.Factory Requests(ControlPlaneModel controlPlane, RequestCostModel costs, Workload workload, AccessPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(costs);
        var user = $"system:serviceaccount:{workload.Namespace}:{workload.ServiceAccount ?? "default"}";
        var cost = costs.Price(pattern);
        var requestNamespace = pattern.Scope == PatternScope.Namespace ? workload.Namespace : string.Empty;
        var defaultFlow = FlowClass.ServiceAccount(workload.Namespace, user, requestNamespace);
        return done => cost.ToRequest(controlPlane.Classify(user, defaultFlow), "agent", done);
    }
}
