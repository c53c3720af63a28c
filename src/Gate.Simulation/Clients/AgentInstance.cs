using Gate.Core.Agents;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Clients;

/// <summary>
/// One running agent pod: its access patterns turned into clients. A periodic LIST/GET becomes a
/// <see cref="PeriodicPoller"/> whose first request goes out at start (the start-up burst); a WATCH becomes a
/// <see cref="Reflector"/> (its informer LIST is the pattern's LIST without a period, or a resourceVersion=0 LIST);
/// a one-off LIST/GET is sent once at start.
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
        var user = $"system:serviceaccount:{workload.Namespace}:{workload.ServiceAccount ?? "default"}";
        SimRequest.Factory Build(AccessPattern pattern)
        {
            var cost = costs.Price(pattern);
            var requestNamespace = pattern.Scope == PatternScope.Namespace ? workload.Namespace : string.Empty;
            var defaultFlow = FlowClass.ServiceAccount(workload.Namespace, user, requestNamespace);
            return done => cost.ToRequest(controlPlane.Classify(user, defaultFlow), "agent", done);
        }

        var watched = workload.AccessPatterns.Where(p => p.Verb == ApiVerb.Watch).Select(p => p.GroupResource).ToHashSet(StringComparer.Ordinal);
        foreach (var pattern in workload.AccessPatterns)
        {
            switch (pattern.Verb)
            {
                case ApiVerb.Watch:
                    var informerList = workload.AccessPatterns.FirstOrDefault(p => p.Verb == ApiVerb.List && p.PeriodSeconds is null && p.GroupResource == pattern.GroupResource)
                        ?? pattern with { Verb = ApiVerb.List, ResourceVersion = "0", PeriodSeconds = null };
                    var watchCost = costs.Price(pattern);
                    reflectors.Add(new Reflector(controlPlane, Build(informerList), Build(pattern), watchCost.WatchCores, stats)
                        .RelistingEvery(controlPlane.Profile.RelistIntervalSeconds));
                    break;
                case ApiVerb.List when pattern.PeriodSeconds is null && watched.Contains(pattern.GroupResource):
                    break; // the informer's LIST, sent by its reflector
                default:
                    pollers.Add(new PeriodicPoller(controlPlane, Build(pattern), pattern.PeriodSeconds ?? 0, stats));
                    break;
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
