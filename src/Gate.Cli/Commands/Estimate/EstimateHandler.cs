using System.CommandLine;
using Gate.Cli.Input;
using Gate.Cli.Reports;
using Gate.Core;
using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Manifests;
using Gate.Core.Policies;
using Gate.Core.Reports;

namespace Gate.Cli.Commands.Estimate;

/// <summary>Runs <c>gate estimate</c> and <c>gate check</c>: read manifests, discover workloads, estimate, apply policy, render.</summary>
internal sealed class EstimateHandler(CliContext context)
{
    public async Task<int> RunAsync(ParseResult parse, bool check, CancellationToken cancellationToken)
    {
        var paths = parse.GetValue<string[]>("paths") ?? [];
        var format = parse.GetValue<string>("--format") ?? "table";
        var output = parse.GetValue<string?>("--output");
        var profile = await ProfileOption.ResolveAsync(context, parse, cancellationToken).ConfigureAwait(false);
        var policy = EmbeddedPolicy.Load(context, check ? parse.GetValue<string?>("--policy") : null);
        var failOn = SeverityNames.Parse(check ? parse.GetValue<string>("--fail-on") : null) ?? Severity.Error;

        var patternFiles = await new ManifestInputReader(context).ReadAsync(parse.GetValue<string[]>("--patterns") ?? [], cancellationToken).ConfigureAwait(false);
        var input = await WorkloadInput.ReadAsync(context, paths, check ? "pass the manifests of the workload to check" : "pass the manifests of the workload to estimate", cancellationToken, patternFiles).ConfigureAwait(false);
        var budget = policy.BudgetFor(profile.Nodes);
        var costBudget = new CostBudget { CapacityShare = budget.ReadShare, StartupBurstSeconds = budget.StartupBurstSeconds };
        var estimate = CostModel.Estimate(input.Workloads, profile, costBudget);
        var report = new GateReport
        {
            Estimate = estimate,
            Policy = policy,
            Check = check ? PolicyEvaluator.Evaluate(estimate, policy, failOn) : null,
            BaseDirectory = context.WorkingDirectory,
            Skipped = input.Skipped,
        };

        await WriteAsync(report, format, output, cancellationToken).ConfigureAwait(false);
        return report.Check is { Passed: false } ? ExitCodes.PolicyViolation : ExitCodes.Pass;
    }

    private async Task WriteAsync(GateReport report, string format, string? output, CancellationToken cancellationToken)
    {
        if (format == "table")
        {
            if (output is null)
            {
                TableReportRenderer.Render(context.Console, report);
                return;
            }

            using var writer = new StringWriter();
            var console = CliContext.ForWriters(writer, TextWriter.Null, width: context.PlainWidth).Console;
            TableReportRenderer.Render(console, report);
            await ReportOutput.WriteAsync(context, output, writer.ToString(), cancellationToken).ConfigureAwait(false);
            return;
        }

        await ReportOutput.WriteAsync(context, output, ReportFormats.Render(format, report), cancellationToken).ConfigureAwait(false);
    }
}
