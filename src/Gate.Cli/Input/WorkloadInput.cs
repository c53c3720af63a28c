using Gate.Core;
using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Cli.Input;

/// <summary>
/// The PATH arguments of the commands that read manifests (<c>gate estimate</c>, <c>gate check</c>,
/// <c>gate simulate</c>) turned into workloads: read the files, discover the workloads, print discovery warnings on
/// standard error, and fail with exit 2 when there is nothing to work on (saying which files were skipped as not
/// manifests, when any were). Only the workloads leave it, so the input
/// bytes and the parsed manifests (the largest objects of a run) can be collected before estimating or simulating.
/// </summary>
internal static class WorkloadInput
{
    /// <summary>The workloads found in <paramref name="paths"/>; a usage error (exit 2) when there is none.</summary>
    /// <param name="context">The CLI context (files, standard input, standard error).</param>
    /// <param name="paths">Files, folders or <c>-</c>.</param>
    /// <param name="hint">What the user should pass instead, shown when no workload is found.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <param name="patternFiles">Pattern files (<c>--patterns</c>) declaring access patterns per workload.</param>
    public static async Task<InputWorkloads> ReadAsync(CliContext context, IReadOnlyList<string> paths, string hint, CancellationToken cancellationToken, IReadOnlyList<ManifestSource>? patternFiles = null)
    {
        var sources = await new ManifestInputReader(context).ReadAsync(paths, cancellationToken).ConfigureAwait(false);
        var discovery = WorkloadDiscovery.Discover(sources, new DiscoveryOptions { PatternFiles = patternFiles ?? [] });
        foreach (var diagnostic in discovery.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
        {
            await context.Error.WriteLineAsync("warning: " + diagnostic.ToString()).ConfigureAwait(false);
        }

        if (discovery.Workloads.Count == 0)
        {
            throw NoWorkload(sources, discovery.Skipped, hint);
        }

        return new InputWorkloads(discovery.Workloads, discovery.Skipped);
    }

    /// <summary>
    /// Why nothing was found: the files read and, when some were skipped as not manifests, how many of each kind and
    /// how to render them.
    /// </summary>
    private static GateUsageException NoWorkload(IReadOnlyList<ManifestSource> sources, IReadOnlyList<SkippedFile> skipped, string hint)
    {
        if (skipped.Count == 0)
        {
            var read = string.Join(", ", sources.Select(s => s.Path).Take(3)) + (sources.Count > 3 ? $" and {sources.Count - 3} more" : string.Empty);
            return new GateUsageException($"no DaemonSet or Deployment found in {read}", null, hint);
        }

        var kinds = skipped.GroupBy(s => s.Kind, StringComparer.Ordinal).Select(g => $"{g.Count()} as {g.Key}{(g.Count() == 1 ? string.Empty : "s")}");
        return new GateUsageException(
            $"no DaemonSet or Deployment found in {sources.Count} file{(sources.Count == 1 ? string.Empty : "s")}; {skipped.Count} skipped ({string.Join(", ", kinds)})",
            null,
            string.Join("; ", skipped.Select(s => s.Kind == SkippedFile.KustomizeFile ? s.Fix : NonManifestFiles.ChartFix).Distinct(StringComparer.Ordinal)));
    }
}

/// <summary>The workloads of the inputs and the files skipped because they are not manifests.</summary>
internal sealed record InputWorkloads(IReadOnlyList<Workload> Workloads, IReadOnlyList<SkippedFile> Skipped);
