using Gate.Core;
using Gate.Kubernetes;

namespace Gate.Cli.Commands;

/// <summary>
/// <c>--kubeconfig</c> / <c>--context</c> of every command that talks to a cluster (<c>gate rollout</c>,
/// <c>gate estimate --from-cluster</c>, <c>gate analyze --scrape-apiserver</c>), read one way: the path is resolved
/// against the working directory and a missing file is a usage error (exit 2); everything after that — no kubeconfig
/// and not in a cluster, an invalid kubeconfig — is <see cref="KubernetesConnection.Connect"/>'s environment error (exit 3).
/// </summary>
internal static class KubeconfigOptions
{
    public static ConnectionOptions Read(CliContext context, string? kubeconfig, string? kubeContext, RetrySettings? retry = null)
    {
        var path = kubeconfig is null ? null : context.ResolvePath(kubeconfig);
        if (path is not null && !File.Exists(path))
        {
            throw new GateUsageException($"kubeconfig {path} not found", hint: "check --kubeconfig");
        }

        return new ConnectionOptions { Kubeconfig = path, Context = kubeContext, Retry = retry ?? new RetrySettings() };
    }
}
