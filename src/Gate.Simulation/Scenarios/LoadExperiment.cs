using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Simulation.Clients;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Scenarios;

/// <summary>
/// Reruns a row of the calibration load table on the simulated testbed: <c>K</c> clients, each sending one request
/// of <see cref="Pattern"/> every period (open loop, like the testbed's load tool), for <see cref="DurationSeconds"/>.
/// </summary>
public sealed record LoadExperiment
{
    public required int Agents { get; init; }

    public required AccessPattern Pattern { get; init; }

    public double DurationSeconds { get; init; } = 180;

    public ClusterProfile Profile { get; init; } = SimulationProfiles.Testbed();

    public int Seed { get; init; } = 7;

    /// <summary>A cluster-wide JSON LIST of all pods (resourceVersion unset) every <paramref name="period"/> seconds.</summary>
    public static AccessPattern ClusterWidePodList(double period) =>
        new() { Verb = ApiVerb.List, Resource = "pods", Scope = PatternScope.Cluster, PeriodSeconds = period };

    /// <summary>A node-scoped pod LIST (<c>spec.nodeName=X</c>) every <paramref name="period"/> seconds.</summary>
    public static AccessPattern NodeScopedPodList(double period) =>
        new() { Verb = ApiVerb.List, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$NODE", PeriodSeconds = period };

    /// <summary>A cluster-wide pod WATCH (held open for the whole run).</summary>
    public static AccessPattern ClusterWidePodWatch() =>
        new() { Verb = ApiVerb.Watch, Resource = "pods", Scope = PatternScope.Cluster };

    /// <summary>Runs the experiment.</summary>
    public LoadExperimentResult Run()
    {
        var options = new SimulationOptions { Seed = Seed, SystemClients = false };
        var model = new ControlPlaneModel(Profile, options);
        var costs = new RequestCostModel(Profile);
        var stats = new ClientStats();
        var cost = costs.Price(Pattern);
        var replica = model.Replicas[0];
        var peakExecuting = 0;
        var pollers = new List<PeriodicPoller>();
        for (var i = 0; i < Agents; i++)
        {
            var flow = FlowClass.ServiceAccount("agents", "system:serviceaccount:agents:agent", string.Empty);
            if (Pattern.Verb == ApiVerb.Watch)
            {
                var reflector = new Reflector(model, done => cost.ToRequest(flow, "agent", done), done => cost.ToRequest(flow, "agent", done), cost.WatchCores, stats);
                reflector.StartWatching(replica);
                continue;
            }

            var period = Pattern.PeriodSeconds ?? 10;
            var poller = new PeriodicPoller(model, done => cost.ToRequest(flow, "agent", done), period, stats, openLoop: true, retry: false);
            poller.Start(period * i / Agents);
            pollers.Add(poller);
        }

        double? oom = null;
        bool Stop()
        {
            peakExecuting = Math.Max(peakExecuting, replica.Executing);
            if (replica.Kills > 0)
            {
                oom ??= model.Simulator.Now;
                return true;
            }

            return false;
        }

        // Send for the duration, then let what is queued or executing finish (the testbed counted those too).
        model.Simulator.RunUntil(Stop, DurationSeconds);
        foreach (var poller in pollers)
        {
            poller.Stop(keepInFlight: true);
        }

        if (oom is null)
        {
            model.Simulator.RunUntil(() => Stop() || replica.Executing + replica.Levels.Sum(l => l.Queued) == 0, DurationSeconds + 120);
        }

        return new LoadExperimentResult
        {
            OomSeconds = oom,
            PeakRssBytes = replica.PeakRssBytes,
            PeakExecuting = peakExecuting,
            Ok = stats.Ok,
            Rejected = stats.Rejected,
            P50Seconds = stats.Quantile(0.50),
            P99Seconds = stats.Quantile(0.99),
            CpuCores = replica.CpuSecondsUsed / Math.Max(model.Simulator.Now, 1e-9),
            OkPerSecond = stats.Ok / Math.Max(model.Simulator.Now, 1e-9),
        };
    }
}
