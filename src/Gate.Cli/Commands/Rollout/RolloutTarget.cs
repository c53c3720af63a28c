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
        var options = KubeconfigOptions.Read(context, parse.GetValue<string?>("--kubeconfig"), parse.GetValue<string?>("--context"));
        var (client, contextNamespace) = KubernetesConnection.Connect(options, context.Clock, context.GetEnvironmentVariable);
        var ns = parse.GetValue<string?>("--namespace") ?? contextNamespace ?? "default";
        var target = new DaemonSetRef(ns, name, kruise);
        return new RolloutTarget(new KubernetesDaemonSetOperator(client, target), target, new KubernetesPreflightReader(client, target), new KubernetesFlowSchemas(client, target));
    }

    /// <summary>This gate's Lease identity: host, process and a random suffix.</summary>
    public static string Holder() =>
        $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";
}
