using k8s;

namespace Gate.Kubernetes;

/// <summary>How to reach the cluster: kubeconfig path and context, or in-cluster.</summary>
public sealed record ConnectionOptions
{
    /// <summary>--kubeconfig; null: $KUBECONFIG, ~/.kube/config, else in-cluster.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>--context; null: the kubeconfig's current context.</summary>
    public string? Context { get; init; }

    public RetrySettings Retry { get; init; } = new();

    /// <summary>
    /// The User-Agent of every request (e.g. <c>gate/1 (holder)</c>), so audit logs and the request log tell which gate
    /// (Lease holder) sent it; null keeps the client's default.
    /// </summary>
    public string? UserAgent { get; init; }
}

/// <summary>Builds a KubernetesClient for the gate, with <see cref="RetryHandler"/> in its pipeline.</summary>
public static class KubernetesConnection
{
    /// <summary>
    /// Creates the client and returns it with the namespace of the chosen context. Configuration errors become
    /// <see cref="Core.GateEnvironmentException"/> with a one-line message that never contains credentials.
    /// </summary>
    public static (k8s.Kubernetes Client, string? Namespace) Connect(ConnectionOptions options, TimeProvider time, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        KubernetesClientConfiguration config;
        try
        {
            var path = options.Kubeconfig ?? environment("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            var home = environment("HOME") ?? environment("USERPROFILE");
            path ??= home is null ? null : Path.Combine(home, ".kube", "config");
            if (path is not null && File.Exists(path))
            {
                config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
            }
            else if (options.Kubeconfig is null && KubernetesClientConfiguration.IsInCluster())
            {
                config = KubernetesClientConfiguration.InClusterConfig();
            }
            else
            {
                throw new Core.GateEnvironmentException(
                    options.Kubeconfig is null ? "no kubeconfig found and not running in a cluster (pass --kubeconfig)" : $"kubeconfig {options.Kubeconfig} not found");
            }
        }
        catch (k8s.Exceptions.KubeConfigException ex)
        {
            throw new Core.GateEnvironmentException("kubeconfig: " + FirstLine(ex.Message), ex);
        }

        config.HttpClientTimeout = options.Retry.AttemptTimeout * (options.Retry.MaxRetries + 2) + options.Retry.MaxDelay * options.Retry.MaxRetries;
        // Outermost first: the user agent names the gate, the retry handler retries, and the meter counts every attempt.
        var retry = new RetryHandler(options.Retry, time);
        KubernetesJsonSetup.EnsureConfigured();
        Core.Diagnostics.SecretValues.Remember(config.AccessToken);
        Core.Diagnostics.SecretValues.Remember(config.Password);
        var client = options.UserAgent is { } agent
            ? new k8s.Kubernetes(config, new UserAgentHandler(agent), retry, new ApiRequestMeter(), new CredentialWitness())
            : new k8s.Kubernetes(config, retry, new ApiRequestMeter(), new CredentialWitness());
        return (client, config.Namespace);
    }

    /// <summary>The first line of an exception message (library messages can span lines).</summary>
    internal static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
