using Gate.Core.Cost;

namespace Gate.Simulation.ControlPlane;

/// <summary>How APF classifies a client's requests: its FlowSchema, PriorityLevel and flow distinguisher.</summary>
public sealed record FlowClass(string FlowSchema, string PriorityLevel, string FlowKey)
{
    /// <summary>
    /// A ServiceAccount's requests through the bootstrap schemas (<see cref="ApfConfiguration.ServiceAccountSchema"/>):
    /// <c>service-accounts</c> distinguishes flows by user, <c>kube-system-service-accounts</c> by the request's namespace.
    /// </summary>
    public static FlowClass ServiceAccount(string serviceAccountNamespace, string user, string requestNamespace)
    {
        var (schema, level) = ApfConfiguration.ServiceAccountSchema(serviceAccountNamespace);
        return new(schema, level, level == ApfConfiguration.WorkloadHigh ? requestNamespace : user);
    }

    /// <summary>A kubelet (group system:nodes): <c>system-nodes</c> → <c>system</c>, one flow per node.</summary>
    public static FlowClass Kubelet(string node) => new("system-nodes", "system", "system:node:" + node);

    /// <summary>A kubelet's node lease and status: <c>system-node-high</c> → <c>node-high</c>.</summary>
    public static FlowClass KubeletHeartbeat(string node) => new("system-node-high", "node-high", "system:node:" + node);

    /// <summary>kube-controller-manager: <c>kube-controller-manager</c> → <c>workload-high</c>, by namespace.</summary>
    public static FlowClass ControllerManager(string requestNamespace) => new("kube-controller-manager", "workload-high", requestNamespace);

    /// <summary>Probes and system:masters: the exempt level.</summary>
    public static FlowClass Exempt(string user) => new("exempt", "exempt", user);
}
