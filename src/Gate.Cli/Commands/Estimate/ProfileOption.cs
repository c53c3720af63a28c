using System.CommandLine;
using Gate.Cli.Input;
using Gate.Core;
using Gate.Core.Cost;
using Gate.Kubernetes;

namespace Gate.Cli.Commands.Estimate;

/// <summary>Resolves <c>--nodes</c>, <c>--profile</c> and <c>--from-cluster</c> to one cluster profile.</summary>
internal static class ProfileOption
{
    /// <summary>The profile used when none of the three options is given.</summary>
    public const string DefaultProfile = "medium";

    /// <summary>Retries of <c>--from-cluster</c>: a CLI estimate fails fast rather than waiting out a rollout's backoff.</summary>
    private static readonly RetrySettings ReadRetry = new() { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(250), AttemptTimeout = TimeSpan.FromSeconds(10) };

    public static async Task<ClusterProfile> ResolveAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var nodes = parse.GetValue<int?>("--nodes");
        var profile = parse.GetValue<string?>("--profile");
        var fromCluster = parse.GetValue<bool>("--from-cluster");
        var given = (nodes is null ? 0 : 1) + (profile is null ? 0 : 1) + (fromCluster ? 1 : 0);
        if (given > 1)
        {
            throw new GateUsageException("--nodes, --profile and --from-cluster exclude each other", null, "pass only one of them");
        }

        if (fromCluster)
        {
            return await FromClusterAsync(context, parse, cancellationToken).ConfigureAwait(false);
        }

        if (nodes is { } n)
        {
            return ClusterProfiles.ForNodes(n);
        }

        var name = profile ?? DefaultProfile;
        if (ClusterProfiles.TryGetNamed(name, out var named))
        {
            return named;
        }

        var full = context.ResolvePath(name);
        if (!File.Exists(full))
        {
            throw new GateUsageException(
                $"unknown cluster profile '{name}'",
                null,
                $"use one of {string.Join(", ", ClusterProfiles.Names)}, a profile file, or --nodes N");
        }

        return ClusterProfiles.FromYaml(InputFile.ReadConfigText(full, name), name);
    }

    /// <summary><c>--from-cluster</c>: counts through <see cref="KubernetesClusterReader"/> (kubeconfig/--context or in-cluster).</summary>
    private static async Task<ClusterProfile> FromClusterAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var options = KubeconfigOptions.Read(context, parse.GetValue<string?>("--kubeconfig"), parse.GetValue<string?>("--context"), ReadRetry);
        var (client, _) = KubernetesConnection.Connect(options, context.Clock, context.GetEnvironmentVariable);
        using (client)
        {
            var counts = await new KubernetesClusterReader(client, options.Context ?? "cluster").ReadCountsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var note in counts.Notes)
            {
                await context.Error.WriteLineAsync("warning: " + note).ConfigureAwait(false);
            }

            return ClusterProfiles.FromCounts(counts);
        }
    }
}
