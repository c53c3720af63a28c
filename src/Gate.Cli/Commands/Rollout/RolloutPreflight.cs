using System.CommandLine;
using Gate.Cli.Commands.Estimate;
using Gate.Cli.Input;
using Gate.Core;
using Gate.Core.Manifests;
using Gate.Core.Rollout;

namespace Gate.Cli.Commands.Rollout;

/// <summary>
/// The pre-flight of <c>gate rollout</c>: before the gate touches the cluster it runs the <c>gate check</c> evaluation of
/// the DaemonSet with its new template at the cluster's node count, and refuses (exit 1) on an error finding unless
/// <c>--force</c>. Inputs: the DaemonSet, its ConfigMaps, ServiceAccount and RBAC read from the cluster by name, and
/// any objects in <c>--manifest</c> / <c>--manifests</c> files (which take precedence over the cluster's copies).
/// </summary>
internal static class RolloutPreflight
{
    /// <summary>
    /// Runs the pre-flight at <paramref name="knownNodes"/> nodes (null: counted from the cluster); returns the exit code
    /// to stop with (null to go on) and the batch size the estimate allows (null when the pre-flight was skipped: a
    /// rollout in progress is resumed with the plan's default).
    /// </summary>
    public static async Task<(int? Refused, int? MaxConcurrentStarts)> RunAsync(ParseResult parse, CliContext context, RolloutTarget connection, TemplateChange target, CancellationToken cancellationToken, int? knownNodes = null)
    {
        var files = new List<string>();
        if (parse.GetValue<string?>("--manifest") is { } manifest)
        {
            files.Add(manifest);
        }

        files.AddRange(parse.GetValue<string[]>("--manifests") ?? []);
        var fileSources = files.Count == 0 ? [] : await new ManifestInputReader(context).ReadAsync(files, cancellationToken).ConfigureAwait(false);
        var given = Objects(fileSources);
        var reader = connection.Reader;
        // the target DaemonSet always comes from the cluster, with the template the rollout applies: that is what will run
        var (clusterSources, missing, stateJson) = await reader.ReadAsync(
            target,
            (kind, ns, name) => kind != "DaemonSet" && given.Contains((kind, kind is "ClusterRole" or "ClusterRoleBinding" ? null : ns, name)),
            cancellationToken).ConfigureAwait(false);
        var output = context.Out;
        if (RolloutState.Parse(stateJson) is { IsTerminal: false } active)
        {
            await output.WriteLineAsync($"pre-flight skipped: resuming the rollout of {active.Target} in progress").ConfigureAwait(false);
            return (null, null);
        }

        var nodes = knownNodes ?? await reader.CountNodesAsync(cancellationToken).ConfigureAwait(false);
        var policy = EmbeddedPolicy.Load(context, parse.GetValue<string?>("--policy"));
        var sources = clusterSources.Take(1).Concat(fileSources).Concat(clusterSources.Skip(1)).ToList();
        var result = PreflightCheck.Evaluate(sources, connection.Ref, nodes, policy);
        foreach (var line in missing.Select(m => "note: " + m).Concat(result.Warnings.Select(w => "warning: " + w)).Concat(result.Lines()))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        await output.WriteLineAsync(result.Summary()).ConfigureAwait(false);
        var forced = !result.Passed && parse.GetValue<bool>("--force");
        if (forced)
        {
            await context.Error.WriteLineAsync("warning: the pre-flight check failed; rolling out anyway because of --force").ConfigureAwait(false);
        }

        if (result.Passed || forced)
        {
            await output.WriteLineAsync($"batches: at most {result.MaxConcurrentStarts} pods replaced at once (the start-up burst that fits the control plane)").ConfigureAwait(false);
            return (null, result.MaxConcurrentStarts);
        }

        await output.WriteLineAsync("refusing to roll out: fix the findings, or pass --force to roll out anyway").ConfigureAwait(false);
        return (ExitCodes.PolicyViolation, null);
    }

    private static HashSet<(string Kind, string? Namespace, string Name)> Objects(IReadOnlyList<ManifestSource> sources)
    {
        var diagnostics = new List<Diagnostic>();
        return sources.SelectMany(s => ManifestLoader.Load(s, diagnostics)).Select(o => (o.Kind, o.Namespace, o.Name)).ToHashSet();
    }
}
