using Gate.Core.Agents;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Clients;

/// <summary>
/// The cluster's own API clients, already synced when the run starts: per node a kubelet (node-scoped pod informer,
/// priority level <c>system</c>) and kube-proxy (services and endpointslices informers, a kube-system
/// ServiceAccount, so <c>workload-high</c>, one flow for the whole fleet), CoreDNS (the same two informers, same
/// flow) and the lease renewals of a sample of nodes every 10 s (<c>node-high</c>).
/// </summary>
public sealed class SystemClients
{
    private static readonly AccessPattern KubeletPods = new() { Verb = ApiVerb.Watch, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$NODE" };
    private static readonly AccessPattern Services = new() { Verb = ApiVerb.Watch, Resource = "services", Scope = PatternScope.Cluster };
    private static readonly AccessPattern EndpointSlices = new() { Verb = ApiVerb.Watch, Group = "discovery.k8s.io", Resource = "endpointslices", Scope = PatternScope.Cluster };
    private static readonly AccessPattern Lease = new() { Verb = ApiVerb.Update, Group = "coordination.k8s.io", Resource = "leases", Scope = PatternScope.Object, PeriodSeconds = 10 };

    public SystemClients(ControlPlaneModel controlPlane, RequestCostModel costs)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(costs);
        var replicas = controlPlane.Replicas;
        Reflector Informer(AccessPattern watch, FlowClass flow, string client)
        {
            var list = costs.Price(watch with { Verb = ApiVerb.List, ResourceVersion = "0" });
            var open = costs.Price(watch);
            return new Reflector(controlPlane, done => list.ToRequest(flow, client, done), done => open.ToRequest(flow, client, done), open.WatchCores, Stats);
        }

        var kubeSystem = FlowClass.ServiceAccount("kube-system", "system:serviceaccount:kube-system:kube-proxy", string.Empty);
        var nodes = controlPlane.Profile.Nodes;
        if (controlPlane.Options.ClientCohorts)
        {
            // Every node's kubelet and kube-proxy informers alike: one cohort per informer, a member per node, each
            // kubelet in its own flow (its node's name) as APF sees it.
            InformerCohort Cohort(AccessPattern watch, Func<int, FlowClass> flow, string client)
            {
                var list = costs.Price(watch with { Verb = ApiVerb.List, ResourceVersion = "0" });
                var open = costs.Price(watch);
                return new InformerCohort(controlPlane, (node, done) => list.ToRequest(flow(node), client, done), (node, done) => open.ToRequest(flow(node), client, done), open.WatchCores, Stats, nodes);
            }

            var informers = new[]
            {
                Cohort(KubeletPods, node => FlowClass.Kubelet(NodeName(node)), "kubelet"),
                Cohort(Services, _ => kubeSystem, "kube-proxy"),
                Cohort(EndpointSlices, _ => kubeSystem, "kube-proxy"),
            };
            for (var node = 0; node < nodes; node++)
            {
                foreach (var informer in informers)
                {
                    informer.StartWatching(node, replicas[node % replicas.Count]);
                }
            }
        }
        else
        {
            for (var node = 0; node < nodes; node++)
            {
                var replica = replicas[node % replicas.Count];
                Informer(KubeletPods, FlowClass.Kubelet(NodeName(node)), "kubelet").StartWatching(replica);
                Informer(Services, kubeSystem, "kube-proxy").StartWatching(replica);
                Informer(EndpointSlices, kubeSystem, "kube-proxy").StartWatching(replica);
            }
        }

        var dnsServices = Informer(Services, kubeSystem, "coredns");
        var dnsSlices = Informer(EndpointSlices, kubeSystem, "coredns");
        dnsServices.StartWatching(replicas[0]);
        dnsSlices.StartWatching(replicas[replicas.Count > 1 ? 1 : 0]);
        CoreDns = new CoreDnsModel(controlPlane, dnsServices, dnsSlices);

        var lease = costs.Price(Lease);
        var sample = Math.Min(controlPlane.Profile.Nodes, controlPlane.Options.HeartbeatSampleNodes);
        for (var node = 0; node < sample; node++)
        {
            var flow = FlowClass.KubeletHeartbeat(NodeName(node));
            var poller = new PeriodicPoller(controlPlane, done => lease.ToRequest(flow, "kubelet", done), 10, HeartbeatStats);
            poller.Start(10.0 * node / sample);
        }
    }

    /// <summary>Responses the informers of kubelets, kube-proxies and CoreDNS saw.</summary>
    public ClientStats Stats { get; } = new();

    /// <summary>Responses of the sampled lease renewals (the control plane's own heartbeat).</summary>
    public ClientStats HeartbeatStats { get; } = new();

    public CoreDnsModel CoreDns { get; }

    /// <summary>The name of node <paramref name="index"/>: <c>node-00000</c>.</summary>
    public static string NodeName(int index) => "node-" + index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The index of a node named by <see cref="NodeName"/> ("node-" and the index in at least five digits), read from the
    /// name without building one (the pod watch looks nodes up by name at every step).
    /// </summary>
    public static bool TryParseNodeName(string name, out int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        const string prefix = "node-";
        if (name.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index)
            && name.Length - prefix.Length == Math.Max(5, Digits(index)))
        {
            return true;
        }

        index = -1;
        return false;
    }

    private static int Digits(int value)
    {
        var digits = 1;
        for (; value >= 10; value /= 10)
        {
            digits++;
        }

        return digits;
    }
}
