using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Simulation.Clients;
using Gate.Simulation.Cluster;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Scenarios;

/// <summary>A simulated cluster ready to run: the control plane, its own clients (kubelets, kube-proxy, CoreDNS) and the price list.</summary>
public sealed class ClusterSimulation
{
    public ClusterSimulation(ClusterProfile profile, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        Model = new ControlPlaneModel(profile, options);
        Costs = new RequestCostModel(profile);
        if (options.SystemClients)
        {
            System = new SystemClients(Model, Costs);
        }
    }

    public ControlPlaneModel Model { get; }

    public RequestCostModel Costs { get; }

    /// <summary>The cluster's own clients (null when <see cref="SimulationOptions.SystemClients"/> is off).</summary>
    public SystemClients? System { get; }

    public double Now => Model.Simulator.Now;

    /// <summary>A DaemonSet of <paramref name="template"/>, with no pods yet.</summary>
    public SimDaemonSet DaemonSet(Workload template, string updateStrategy = "RollingUpdate") => new(Model, Costs, template, updateStrategy);

    /// <summary>Runs until <paramref name="seconds"/>.</summary>
    public void RunUntil(double seconds) => Model.RunUntil(seconds);
}
