using Gate.Core.Agents;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Clients;

/// <summary>
/// Every running pod of one agent revision, simulated as one object: the pods behave alike (same template, same
/// clients), so each access pattern is one <see cref="PollerCohort"/> or <see cref="InformerCohort"/> whose members are
/// the nodes. Each pod still sends its own requests on its own schedule (its start time, its relist time, its
/// backoff), so the API server sees the same requests, spread in time as the real pods would spread them; what is
/// gone is an object, a priced request template and a scheduled event per pod and pattern.
/// </summary>
public sealed class AgentCohort
{
    private readonly List<PollerCohort> pollers = [];
    private readonly List<InformerCohort> informers = [];

    /// <param name="controlPlane">The simulated control plane.</param>
    /// <param name="costs">Prices the agent's requests (once for the cohort).</param>
    /// <param name="workload">The revision's template.</param>
    /// <param name="stats">Where the pods' responses are counted.</param>
    /// <param name="capacity">Members are node indexes 0 … capacity − 1.</param>
    public AgentCohort(ControlPlaneModel controlPlane, RequestCostModel costs, Workload workload, ClientStats stats, int capacity)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(workload);
        static InformerCohort.MemberRequest ForAll(SimRequest.Factory factory) => (_, done) => factory(done);
        foreach (var client in AgentClientPlan.For(workload))
        {
            var requests = ForAll(AgentClientPlan.Requests(controlPlane, costs, workload, client.Pattern));
            if (client.InformerList is { } list)
            {
                var listRequests = ForAll(AgentClientPlan.Requests(controlPlane, costs, workload, list));
                informers.Add(new InformerCohort(controlPlane, listRequests, requests, costs.Price(client.Pattern).WatchCores, stats, capacity)
                    .RelistingEvery(controlPlane.Profile.RelistIntervalSeconds));
            }
            else
            {
                pollers.Add(new PollerCohort(controlPlane, requests, client.Period, stats, capacity));
            }
        }
    }

    /// <summary>The pod on node <paramref name="member"/> starts: its pollers' first requests at <paramref name="firstRequestAt"/>, its informers LIST now.</summary>
    public void Join(int member, double firstRequestAt)
    {
        foreach (var poller in pollers)
        {
            poller.Start(member, firstRequestAt);
        }

        foreach (var informer in informers)
        {
            informer.Start(member);
        }
    }

    /// <summary>The pod on node <paramref name="member"/> was deleted: its clients stop.</summary>
    public void Leave(int member)
    {
        foreach (var poller in pollers)
        {
            poller.Stop(member);
        }

        foreach (var informer in informers)
        {
            informer.Stop(member);
        }
    }
}
