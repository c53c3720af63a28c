using System.CommandLine;
using Gate.Cli.Input;
using Gate.Cli.Reports;
using Gate.Cli.Reports.Html;
using Gate.Core;
using Gate.Core.Agents;
using Gate.Simulation;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Commands.Simulate;

/// <summary>
/// Runs <c>gate simulate</c>: reads manifests like <c>gate estimate</c>, then simulates each DaemonSet's rollout on a
/// simulated cluster of <c>--nodes</c> nodes, without the gate and/or through it. Exit 0 when every agent is safe
/// (healthy without the gate, promoted by it), 1 when a run shows harm (collapse or 429s without the gate, rollback
/// by the gate), 4 when the gate stopped inconclusive and nothing showed harm.
/// </summary>
internal sealed class SimulateHandler(CliContext context)
{
    /// <summary>Cluster size when <c>--nodes</c> is not given (the <c>medium</c> profile of <c>gate estimate</c>).</summary>
    public const int DefaultNodes = 1000;

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var paths = parse.GetValue<string[]>("paths") ?? [];
        var format = parse.GetValue<string>("--format") ?? "table";
        var nodes = parse.GetValue<int?>("--nodes") ?? DefaultNodes;
        var seed = parse.GetValue<int>("--seed");
        var with = parse.GetValue<bool>("--with-gate");
        var without = parse.GetValue<bool>("--without-gate");
        if (!with && !without)
        {
            (with, without) = (true, true);
        }

        var perNode = await ReadDaemonSetsAsync(context, paths, cancellationToken).ConfigureAwait(false);
        var profile = SimulationProfiles.ForNodes(nodes);
        var options = new SimulationOptions { Seed = seed, ClientCohorts = !parse.GetValue<bool>("--per-node-clients") };
        var report = new SimulationReport
        {
            Profile = profile,
            Seed = seed,
            Workloads = perNode.Select(w =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return WorkloadSimulation.Run(profile, w, options, without, with);
            }).ToList(),
        };

        var text = format switch
        {
            "json" => SimulationRenderer.ToJson(report),
            "markdown" => SimulationRenderer.ToText(report, markdown: true),
            "html" => HtmlRenderer.Render(SimulationPages.Simulation(report)),
            _ => SimulationRenderer.ToText(report, markdown: false),
        };
        await ReportOutput.WriteAsync(context, parse.GetValue<string?>("--output"), text, cancellationToken).ConfigureAwait(false);
        return report.ExitCode;
    }

    /// <summary>The DaemonSets in <paramref name="paths"/> (other workloads are named on standard error); exit 2 when there is none.</summary>
    internal static async Task<List<Workload>> ReadDaemonSetsAsync(CliContext context, string[] paths, CancellationToken cancellationToken)
    {
        var input = await WorkloadInput.ReadAsync(context, paths, "pass the manifests of the DaemonSet to simulate", cancellationToken).ConfigureAwait(false);
        foreach (var skipped in input.Skipped)
        {
            await context.Error.WriteLineAsync($"note: skipped {skipped.File}: {skipped.Message}").ConfigureAwait(false);
        }

        var perNode = new List<Workload>();
        foreach (var workload in input.Workloads)
        {
            if (workload.Multiplicity == Multiplicity.PerNode)
            {
                perNode.Add(workload);
            }
            else
            {
                await context.Error.WriteLineAsync($"warning: {workload.Kind} {workload.Namespace}/{workload.Name} is not simulated: gate simulate rolls out DaemonSets (one pod per node)").ConfigureAwait(false);
            }
        }

        if (perNode.Count == 0)
        {
            throw new GateUsageException("no DaemonSet found in the inputs", null, "gate simulate rolls out DaemonSets; pass a DaemonSet manifest");
        }

        return perNode;
    }
}
