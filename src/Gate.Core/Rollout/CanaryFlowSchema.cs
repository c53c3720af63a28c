using Gate.Core.Cost;

namespace Gate.Core.Rollout;

/// <summary>
/// The per-agent FlowSchema the gate installs while a rollout runs: it matches the agent's ServiceAccount and sends
/// its requests to the priority level they would reach anyway (<c>workload-low</c>, or <c>workload-high</c> for an
/// agent in kube-system, as the bootstrap <c>service-accounts</c> / <c>kube-system-service-accounts</c> schemas do),
/// so nothing changes for the agent except that APF metrics now carry its own <c>flow_schema</c> label: the
/// projection signal reads the canary's measured cost from them.
/// </summary>
/// <param name="Name">Object name: <c>gate-canary-&lt;daemonset&gt;</c> (the health pack's <c>projection.flowSchema</c> default).</param>
/// <param name="ServiceAccountNamespace">Namespace of the agent's ServiceAccount (the DaemonSet's).</param>
/// <param name="ServiceAccount">The agent's ServiceAccount.</param>
/// <param name="PriorityLevel">The priority level the agent's requests reach without this schema.</param>
/// <param name="Owner">The DaemonSet as <c>namespace/name</c>; recorded on the object so a gate only removes its own.</param>
public sealed record CanaryFlowSchema(string Name, string ServiceAccountNamespace, string ServiceAccount, string PriorityLevel, string Owner)
{
    /// <summary>
    /// matchingPrecedence: ahead of <c>kube-system-service-accounts</c> (900) and <c>service-accounts</c> (9000), after
    /// the system schemas and the gate's own schema (850, deploy/gate-flowcontrol.yaml).
    /// </summary>
    public const int MatchingPrecedence = 890;

    /// <summary>The annotation naming the DaemonSet the schema belongs to.</summary>
    public const string OwnerAnnotation = "gate.dev/daemonset";

    /// <summary>The schema for <paramref name="target"/> whose pods run as <paramref name="serviceAccount"/>.</summary>
    public static CanaryFlowSchema For(DaemonSetRef target, string serviceAccount)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccount);
        return new CanaryFlowSchema(NameFor(target), target.Namespace, serviceAccount, DefaultPriorityLevel(target.Namespace), target.ToString());
    }

    /// <summary>The schema name of a DaemonSet.</summary>
    public static string NameFor(DaemonSetRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return "gate-canary-" + target.Name;
    }

    /// <summary>
    /// The priority level a ServiceAccount's requests reach through the bootstrap FlowSchemas: <c>workload-high</c> in
    /// kube-system, else <c>workload-low</c>. A cluster-specific FlowSchema that matches the agent first is not seen.
    /// </summary>
    public static string DefaultPriorityLevel(string serviceAccountNamespace) =>
        ApfConfiguration.ServiceAccountSchema(serviceAccountNamespace).PriorityLevel;
}
