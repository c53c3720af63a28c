using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// calico-kube-controllers (<c>calico/kube-controllers</c>; read in projectcalico/calico
/// <c>kube-controllers/cmd/kube-controllers/main.go</c> InitControllers for the v3.x line). A Deployment of one
/// replica: every request is per cluster. The controllers named in <c>ENABLED_CONTROLLERS</c> (the upstream manifests
/// set <c>node,loadbalancer</c>; unset, <c>kube-controllers/pkg/config/config.go</c> defaults to
/// <c>node,policy,namespace,workloadendpoint,serviceaccount</c>) share one informer factory without resync: the node
/// controller starts the Pod and Node informers, the workloadendpoint controller the Pod informer, the loadbalancer
/// controller the Service informer, cluster-wide; the namespace, policy and serviceaccount controllers each run an
/// informer of their resource (Namespaces, NetworkPolicies, ServiceAccounts). The node and loadbalancer controllers
/// also read Calico's own resources (IPAM blocks and handles, Calico nodes) through the datastore feed, which are not
/// counted here.
/// </summary>
public sealed class CalicoKubeControllers : IAgentModel
{
    private const string DefaultControllers = "node,policy,namespace,workloadendpoint,serviceaccount";

    public string Id => "calico-kube-controllers";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image.EndsWith("/kube-controllers", StringComparison.Ordinal) && (image.Contains("calico", StringComparison.Ordinal) || image.Contains("tigera", StringComparison.Ordinal));
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = context.Container.FindEnv("ENABLED_CONTROLLERS");
        var origin = env?.Position ?? context.Container.ImagePosition;
        var notes = new List<string>();
        var value = context.EnvValue("ENABLED_CONTROLLERS");
        if (value is null)
        {
            notes.Add($"calico-kube-controllers: ENABLED_CONTROLLERS is not set, the default {DefaultControllers} is assumed");
        }

        var controllers = (value ?? DefaultControllers).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var informers = new List<(string Group, string Resource, string Why)>();
        if (controllers.Contains("node") || controllers.Contains("workloadendpoint"))
        {
            informers.Add((string.Empty, "pods", "pod informer of the node and workloadendpoint controllers (IPAM garbage collection, workload endpoints)"));
        }

        if (controllers.Contains("node"))
        {
            informers.Add((string.Empty, "nodes", "node informer of the node controller"));
        }

        if (controllers.Contains("loadbalancer"))
        {
            informers.Add((string.Empty, "services", "service informer of the loadbalancer controller"));
        }

        if (controllers.Contains("namespace"))
        {
            informers.Add((string.Empty, "namespaces", "namespace controller"));
        }

        if (controllers.Contains("policy"))
        {
            informers.Add(("networking.k8s.io", "networkpolicies", "policy controller"));
        }

        if (controllers.Contains("serviceaccount"))
        {
            informers.Add((string.Empty, "serviceaccounts", "serviceaccount controller"));
        }

        if (controllers.Contains("node") || controllers.Contains("loadbalancer"))
        {
            notes.Add("calico-kube-controllers: the node and loadbalancer controllers also read Calico's IPAM blocks, handles and nodes through the datastore feed (custom resources, not counted)");
        }

        return new AgentAnalysis
        {
            Agent = Id,
            Patterns = [.. informers.SelectMany(i => Patterns.Informer(i.Group, i.Resource, origin, $"calico-kube-controllers: {i.Why}, every object"))],
            Notes = notes,
        };
    }
}
