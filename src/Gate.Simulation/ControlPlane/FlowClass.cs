namespace Gate.Simulation.ControlPlane;

/// <summary>How APF classifies a client's requests: its FlowSchema, PriorityLevel and flow distinguisher.</summary>
public sealed record FlowClass(string FlowSchema, string PriorityLevel, string FlowKey)
{
    /// <summary>A ServiceAccount outside kube-system: <c>service-accounts</c> → <c>workload-low</c>, one flow per user.</summary>
    public static FlowClass ServiceAccount(string user) => new("service-accounts", "workload-low", user);

    /// <summary>A kube-system ServiceAccount: <c>kube-system-service-accounts</c> → <c>workload-high</c>, by namespace.</summary>
    public static FlowClass KubeSystem(string requestNamespace) => new("kube-system-service-accounts", "workload-high", requestNamespace);

    /// <summary>A kubelet (group system:nodes): <c>system-nodes</c> → <c>system</c>, one flow per node.</summary>
    public static FlowClass Kubelet(string node) => new("system-nodes", "system", "system:node:" + node);

    /// <summary>A kubelet's node lease and status: <c>system-node-high</c> → <c>node-high</c>.</summary>
    public static FlowClass KubeletHeartbeat(string node) => new("system-node-high", "node-high", "system:node:" + node);

    /// <summary>kube-controller-manager: <c>kube-controller-manager</c> → <c>workload-high</c>, by namespace.</summary>
    public static FlowClass ControllerManager(string requestNamespace) => new("kube-controller-manager", "workload-high", requestNamespace);

    /// <summary>Probes and system:masters: the exempt level.</summary>
    public static FlowClass Exempt(string user) => new("exempt", "exempt", user);
}
