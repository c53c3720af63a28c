using Gate.Core;
using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Cli.Input;

/// <summary>
/// The PATH arguments of the commands that read manifests (<c>gate estimate</c>, <c>gate check</c>,
/// <c>gate simulate</c>) turned into workloads: read the files, discover the workloads, print discovery warnings on
/// standard error, and fail with exit 2 when there is nothing to work on. Only the workloads leave it, so the input
/// bytes and the parsed manifests (the largest objects of a run) can be collected before estimating or simulating.
/// </summary>
internal static class WorkloadInput
{
    /// <summary>The workloads found in <paramref name="paths"/>; a usage error (exit 2) when there is none.</summary>
    /// <param name="context">The CLI context (files, standard input, standard error).</param>
    /// <param name="paths">Files, folders or <c>-</c>.</param>
    /// <param name="hint">What the user should pass instead, shown when no workload is found.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyList<Workload>> ReadAsync(CliContext context, IReadOnlyList<string> paths, string hint, CancellationToken cancellationToken)
    {
        var sources = await new ManifestInputReader(context).ReadAsync(paths, cancellationToken).ConfigureAwait(false);
        var discovery = WorkloadDiscovery.Discover(sources);
        foreach (var diagnostic in discovery.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
        {
            await context.Error.WriteLineAsync("warning: " + diagnostic.ToString()).ConfigureAwait(false);
        }

        if (discovery.Workloads.Count == 0)
        {
            var read = string.Join(", ", sources.Select(s => s.Path).Take(3)) + (sources.Count > 3 ? $" and {sources.Count - 3} more" : string.Empty);
            throw new GateUsageException($"no DaemonSet or Deployment found in {read}", null, hint);
        }

        return discovery.Workloads;
    }
}
