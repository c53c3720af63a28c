using System.CommandLine;
using Gate.Core;
using Gate.Core.Rollout;
using Gate.Kubernetes;

namespace Gate.Cli.Commands.Rollout;

/// <summary>The DaemonSet a rollout command acts on and the connection to its cluster, from the shared options.</summary>
/// <param name="FlowSchemas">Where the per-agent canary FlowSchema is created and removed.</param>
internal sealed record RolloutTarget(IDaemonSetOperator Cluster, DaemonSetRef Ref, KubernetesPreflightReader Reader, ICanaryFlowSchemas FlowSchemas)
{
    /// <summary>Connects (kubeconfig/--context or in-cluster) and binds the operator to the DaemonSet.</summary>
    public static RolloutTarget Connect(ParseResult parse, CliContext context, bool kruise)
    {
        var name = parse.GetValue<string>("daemonset") ?? throw new GateUsageException("the DaemonSet name is required");
        return Connect(context, parse.GetValue<string?>("--kubeconfig"), parse.GetValue<string?>("--context"), parse.GetValue<string?>("--namespace"), name, kruise);
    }

    /// <summary>Connects with this kubeconfig and context (null: the defaults) and binds the operator to <paramref name="name"/>.</summary>
    public static RolloutTarget Connect(CliContext context, string? kubeconfig, string? kubeContext, string? ns0, string name, bool kruise)
    {
        var options = KubeconfigOptions.Read(context, kubeconfig, kubeContext);
        var (client, contextNamespace) = KubernetesConnection.Connect(options, context.Clock, context.GetEnvironmentVariable);
        var ns = ns0 ?? contextNamespace ?? "default";
        return For(client, new DaemonSetRef(ns, name, kruise));
    }

    /// <summary>The operator, pre-flight reader and FlowSchemas of <paramref name="target"/> over <paramref name="client"/>.</summary>
    public static RolloutTarget For(k8s.IKubernetes client, DaemonSetRef target) =>
        new(new KubernetesDaemonSetOperator(client, target), target, new KubernetesPreflightReader(client, target), new KubernetesFlowSchemas(client, target));

    /// <summary>This gate's Lease identity: host, process and a random suffix.</summary>
    public static string Holder() =>
        $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";
}
