namespace Gate.Core.Health;

/// <summary>
/// Pure projection: the canary's measured total for each metric ÷ canary nodes × fleet nodes + start-up burst,
/// against the fleet budget. An O(N²) agent costs little on one node in absolute terms but its per-node cost,
/// measured at the cluster's real size, already carries the N factor, so the projection catches it at stage 1.
/// </summary>
public static class ProjectionEvaluator
{
    /// <summary>Projects each metric's result (by metric id) to the fleet and judges it.</summary>
    public static ProjectionVerdict Evaluate(ProjectionSpec spec, string flowSchema, CanaryContext canary, IReadOnlyDictionary<string, HealthQueryResult> results)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(results);
        var canaryNodes = canary.EffectiveCanaryNodes;
        var fleet = canary.FleetNodes ?? 0;
        var lines = spec.Metrics.Select(m => Line(m, canary, canaryNodes, fleet, results.GetValueOrDefault(m.Id))).ToList();

        var failed = lines.Where(l => l.Outcome == HealthOutcome.Fail).ToList();
        var inconclusive = lines.Where(l => l.Outcome == HealthOutcome.Inconclusive).ToList();
        var (outcome, reason) = failed.Count > 0
            ? (HealthOutcome.Fail, $"projected to {fleet} nodes over budget: " + string.Join("; ", failed.Select(l => $"{l.Metric} {l.Reason}")))
            : inconclusive.Count > 0
                ? (HealthOutcome.Inconclusive, "no measurement for " + string.Join(", ", inconclusive.Select(l => l.Metric)))
                : (HealthOutcome.Pass, $"projected to {fleet} nodes within budget");
        return new ProjectionVerdict
        {
            Outcome = outcome,
            Reason = reason,
            FlowSchema = flowSchema,
            CanaryNodes = canaryNodes,
            FleetNodes = fleet,
            Lines = lines,
        };
    }

    private static ProjectionLine Line(ProjectionMetric metric, CanaryContext canary, int canaryNodes, int fleet, HealthQueryResult? result)
    {
        var estimate = canary.EstimatedPerNode.TryGetValue(metric.Id, out var e) ? e : (double?)null;
        var line = new ProjectionLine
        {
            Metric = metric.Id,
            Title = metric.Title,
            Unit = metric.Unit,
            Outcome = HealthOutcome.Inconclusive,
            Reason = string.Empty,
            Budget = metric.Budget,
            EstimatedPerNode = estimate,
        };
        if (canaryNodes <= 0 || fleet <= 0)
        {
            return line with { Reason = "no canary nodes or fleet size given" };
        }

        if (result is null)
        {
            return line with { Reason = "not measured" };
        }

        if (result.Error is { } error)
        {
            return line with { Reason = $"query failed ({SignalEvaluator.Kind(error.Kind)}): {error.Message}" };
        }

        var samples = result.Worst().Select(s => s.Value).ToList();
        if (samples.Count == 0)
        {
            return line with { Reason = $"no data for the canary's FlowSchema (is it installed and matching the agent's ServiceAccount?)" };
        }

        // A non-finite measurement is never within budget: +Inf is over it, NaN or -Inf cannot be read.
        if (samples.Contains(double.PositiveInfinity))
        {
            return line with { Outcome = HealthOutcome.Fail, Reason = $"+Inf measured at {samples.Count(double.IsPositiveInfinity)} of {samples.Count} steps: over any budget" };
        }

        if (!samples.TrueForAll(double.IsFinite))
        {
            return line with { Reason = $"non-finite measurement (NaN or -Inf) at {samples.Count(v => !double.IsFinite(v))} of {samples.Count} steps: cannot project" };
        }

        var measured = samples.Average();
        var perNode = measured / canaryNodes;
        var burst = canary.StartupBurst.TryGetValue(metric.Id, out var b) ? b : 0;
        var projected = (perNode * fleet) + burst;
        var fmt = (double? v) => HealthFormat.Value(v, metric.Unit);
        var estimateText = estimate is { } est ? $", estimate {fmt(est)}/node" : string.Empty;
        var burstText = burst > 0 ? $" + start-up {fmt(burst)}" : string.Empty;
        var detail = $"{fmt(perNode)}/node{estimateText} × {fleet}{burstText} = {fmt(projected)}";
        return projected > metric.Budget
            ? line with { Outcome = HealthOutcome.Fail, Reason = $"{detail} > budget {fmt(metric.Budget)}", Measured = measured, PerNode = perNode, Projected = projected }
            : line with { Outcome = HealthOutcome.Pass, Reason = $"{detail} ≤ budget {fmt(metric.Budget)}", Measured = measured, PerNode = perNode, Projected = projected };
    }
}
