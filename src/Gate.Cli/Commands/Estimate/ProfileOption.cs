using Gate.Core;
using Gate.Core.Cost;

namespace Gate.Cli.Commands.Estimate;

/// <summary>Resolves <c>--nodes</c>, <c>--profile</c> and <c>--from-cluster</c> to one cluster profile.</summary>
internal static class ProfileOption
{
    /// <summary>The profile used when none of the three options is given.</summary>
    public const string DefaultProfile = "medium";

    public static ClusterProfile Resolve(CliContext context, int? nodes, string? profile, bool fromCluster)
    {
        var given = (nodes is null ? 0 : 1) + (profile is null ? 0 : 1) + (fromCluster ? 1 : 0);
        if (given > 1)
        {
            throw new GateUsageException("--nodes, --profile and --from-cluster exclude each other", null, "pass only one of them");
        }

        if (fromCluster)
        {
            throw new GateUsageException(
                "--from-cluster is not available in this build: no cluster reader is wired into gate estimate/check yet",
                null,
                "pass --nodes N or --profile small|medium|large|xlarge|FILE");
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

        return ClusterProfiles.FromYaml(File.ReadAllText(full), name);
    }
}
