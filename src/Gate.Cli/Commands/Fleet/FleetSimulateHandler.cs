using System.CommandLine;
using System.Globalization;
using Gate.Cli.Commands.Simulate;
using Gate.Core;
using Gate.Simulation;

namespace Gate.Cli.Commands.Fleet;

/// <summary>
/// Runs <c>gate simulate PATH... --fleet 100,1000,5000</c>: each DaemonSet goes through the fleet's waves, one
/// simulated cluster of each size, smallest first. Exit 1 when a wave was rolled back, 4 when one stopped
/// inconclusive, else 0.
/// </summary>
internal sealed class FleetSimulateHandler(CliContext context)
{
    /// <summary>The most clusters a simulated fleet takes (each is a full simulated rollout).</summary>
    public const int MaxClusters = 10;

    /// <summary>The <c>--fleet</c> option: comma-separated cluster sizes.</summary>
    public static Option<string?> Option() => new("--fleet")
    {
        Description = "Simulate a fleet: comma-separated cluster sizes in nodes (e.g. 100,1000,5000), rolled out smallest first, one wave each; the first rolled-back wave stops the later ones.",
    };

    public async Task<int> RunAsync(ParseResult parse, string fleet, CancellationToken cancellationToken)
    {
        var sizes = ParseSizes(fleet);
        if (parse.GetValue<int?>("--nodes") is not null || parse.GetValue<bool>("--without-gate"))
        {
            throw new GateUsageException("--fleet cannot be combined with --nodes or --without-gate", null, "the fleet's sizes replace --nodes, and every wave is a rollout through the gate");
        }

        var format = parse.GetValue<string>("--format") ?? "table";

        var seed = parse.GetValue<int>("--seed");
        var paths = parse.GetValue<string[]>("paths") ?? [];
        var workloads = await SimulateHandler.ReadDaemonSetsAsync(context, paths, cancellationToken).ConfigureAwait(false);
        var options = new SimulationOptions { Seed = seed, ClientCohorts = !parse.GetValue<bool>("--per-node-clients") };
        var report = new FleetSimulationReport(
            sizes.Order().ToList(),
            seed,
            workloads.Select(w => FleetSimulation.Run(w, sizes, options, cancellationToken)).ToList());
        var text = format switch
        {
            "json" => FleetSimulationRenderer.ToJson(report),
            "markdown" => FleetSimulationRenderer.ToText(report, markdown: true),
            "html" => Reports.Html.HtmlRenderer.Render(Reports.Html.SimulationPages.Fleet(report)),
            _ => FleetSimulationRenderer.ToText(report, markdown: false),
        };
        await Reports.ReportOutput.WriteAsync(context, parse.GetValue<string?>("--output"), text, cancellationToken).ConfigureAwait(false);
        return report.ExitCode;
    }

    /// <summary>Sizes from <c>100,1000,5000</c>: whole numbers from 1 to 1,000,000, at most <see cref="MaxClusters"/>.</summary>
    internal static IReadOnlyList<int> ParseSizes(string text)
    {
        const string Hint = "pass comma-separated node counts, e.g. --fleet 100,1000,5000";
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxClusters)
        {
            throw new GateUsageException($"--fleet lists {parts.Length} clusters; at most {MaxClusters} are simulated", null, Hint);
        }

        var sizes = new List<int>(parts.Length);
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 1_000_000)
            {
                throw new GateUsageException($"--fleet: '{part}' is not a cluster size from 1 to 1000000 nodes", null, Hint);
            }

            sizes.Add(n);
        }

        return sizes;
    }
}
