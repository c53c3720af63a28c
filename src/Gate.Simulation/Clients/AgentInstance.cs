using Gate.Core.Agents;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Clients;

/// <summary>
/// One running agent pod: its access patterns turned into clients (<see cref="AgentClientPlan"/>): a periodic LIST/GET
/// becomes a <see cref="PeriodicPoller"/> whose first request goes out at start (the start-up burst), a WATCH a
/// <see cref="Reflector"/>. The per-pod reference for <see cref="AgentCohort"/>, which simulates every pod of a
/// revision as one object (<see cref="SimulationOptions.ClientCohorts"/>).
/// </summary>
public sealed class AgentInstance
{
    private readonly List<PeriodicPoller> pollers = [];
    private readonly List<Reflector> reflectors = [];

    public AgentInstance(ControlPlaneModel controlPlane, RequestCostModel costs, Workload workload, ClientStats stats)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(workload);
        foreach (var client in AgentClientPlan.For(workload))
        {
            var requests = AgentClientPlan.Requests(controlPlane, costs, workload, client.Pattern);
            if (client.InformerList is { } list)
            {
                reflectors.Add(new Reflector(controlPlane, AgentClientPlan.Requests(controlPlane, costs, workload, list), requests, costs.Price(client.Pattern).WatchCores, stats)
                    .RelistingEvery(controlPlane.Profile.RelistIntervalSeconds));
            }
            else
            {
                pollers.Add(new PeriodicPoller(controlPlane, requests, client.Period, stats));
            }
        }
    }

    /// <summary>Starts every client of the pod now.</summary>
    public void Start(double now)
    {
        foreach (var poller in pollers)
        {
            poller.Start(now);
        }

        foreach (var reflector in reflectors)
        {
            reflector.Start();
        }
    }

    /// <summary>Stops every client (the pod was deleted).</summary>
    public void Stop()
    {
        foreach (var poller in pollers)
        {
            poller.Stop();
        }

        foreach (var reflector in reflectors)
        {
            reflector.Stop();
        }
    }
}
