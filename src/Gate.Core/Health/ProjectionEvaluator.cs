using Gate.Core.Agents;

namespace Gate.Core.Health;

/// <summary>
/// Pure projection: the canary's measured total for each metric ÷ canary nodes × fleet nodes + start-up burst,
/// against the fleet budget. An O(N²) agent costs little on one node in absolute terms but its per-node cost,
/// measured at the cluster's real size, already carries the N factor, so the projection catches it at stage 1.
/// A per-watch metric (<see cref="ProjectionMetric.PerWatch"/>) is not divided by the canary nodes: a watch's cost is
/// the events it is sent, which no flow-schema metric shows, so each canary pod's cost is the API server's event rate
/// and event size for every resource it watches × the share its scope receives (<see cref="CanaryWatch.Share"/>).
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
        var lines = spec.Metrics
            .Where(m => !m.PerWatch || canary.Watches is not null)
            .Select(m => m.PerWatch ? WatchLine(m, canary, fleet, results) : Line(m, canary, canaryNodes, fleet, results.GetValueOrDefault(m.Id)))
            .ToList();

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

    /// <summary>The result key of the events query of <paramref name="metric"/> for <paramref name="watch"/>.</summary>
    public static string EventsKey(ProjectionMetric metric, CanaryWatch watch)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(watch);
        return $"{metric.Id}/{watch.GroupResource}/events";
    }

    /// <summary>The result key of the event-size query (and, without a watch, the signal id it is queried as).</summary>
    public static string EventBytesKey(ProjectionMetric metric, CanaryWatch? watch)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return watch is null ? $"{metric.Id}/event-bytes" : $"{metric.Id}/{watch.GroupResource}/event-bytes";
    }

    private static ProjectionLine Empty(ProjectionMetric metric, CanaryContext canary) => new()
    {
        Metric = metric.Id,
        Title = metric.Title,
        Unit = metric.Unit,
        Outcome = HealthOutcome.Inconclusive,
        Reason = string.Empty,
        Budget = canary.Budgets.TryGetValue(metric.Id, out var budget) ? budget : metric.Budget,
        EstimatedPerNode = canary.EstimatedPerNode.TryGetValue(metric.Id, out var e) ? e : null,
    };

    /// <summary>
    /// Σ over the canary's watches of events/s × bytes/event × the scope's share, per node, × fleet + start-up burst.
    /// Fails closed: a watched resource whose events or event size cannot be measured makes the line inconclusive.
    /// </summary>
    private static ProjectionLine WatchLine(ProjectionMetric metric, CanaryContext canary, int fleet, IReadOnlyDictionary<string, HealthQueryResult> results)
    {
        var line = Empty(metric, canary);
        if (canary.EffectiveCanaryNodes <= 0 || fleet <= 0)
        {
            return line with { Reason = "no canary nodes or fleet size given" };
        }

        var watches = canary.Watches ?? [];
        if (watches.Count == 0)
        {
            return Judge(line, metric, canary, fleet, 0, "no watches");
        }

        var perNode = 0.0;
        var terms = new List<string>();
        foreach (var watch in watches)
        {
            var events = Mean(results.GetValueOrDefault(EventsKey(metric, watch)), $"{watch.GroupResource} events (apiserver_watch_cache_events_received_total)");
            if (events.Problem is { } problem)
            {
                return line with { Outcome = events.Value is double.PositiveInfinity ? HealthOutcome.Fail : HealthOutcome.Inconclusive, Reason = problem };
            }

            var share = watch.Share(fleet);
            var what = $"WATCH {watch.GroupResource} {ScopeText(watch.Scope)}";
            var shareText = share < 1 ? $" ÷ {fleet.ToString(System.Globalization.CultureInfo.InvariantCulture)} nodes" : string.Empty;
            if (events.Value <= 0)
            {
                terms.Add($"{what}: 0 events/s");
                continue;
            }

            var size = Mean(results.GetValueOrDefault(EventBytesKey(metric, watch)), $"{watch.GroupResource} event size (apiserver_watch_events_sizes)");
            if (size.Problem is { } sizeProblem)
            {
                return line with { Outcome = size.Value is double.PositiveInfinity ? HealthOutcome.Fail : HealthOutcome.Inconclusive, Reason = sizeProblem };
            }

            perNode += events.Value * size.Value * share;
            terms.Add($"{what}: {HealthFormat.Number(events.Value)} events/s × {HealthFormat.Value(size.Value, "bytes")}{shareText}");
        }

        return Judge(line, metric, canary, fleet, perNode, string.Join(" + ", terms));
    }

    private static string ScopeText(PatternScope scope) => scope switch
    {
        PatternScope.Cluster => "cluster-wide",
        PatternScope.Namespace => "in a namespace (counted as cluster-wide)",
        PatternScope.Node => "of its node",
        _ => "of one object",
    };

    /// <summary>The mean of a result's worst samples, or why it cannot be used (+Inf: over any budget).</summary>
    private static (double Value, string? Problem) Mean(HealthQueryResult? result, string what)
    {
        if (result is null)
        {
            return (double.NaN, $"{what}: not measured");
        }

        if (result.Error is { } error)
        {
            return (double.NaN, $"{what}: query failed ({SignalEvaluator.Kind(error.Kind)}): {error.Message}");
        }

        var samples = result.Worst().Select(s => s.Value).ToList();
        if (samples.Count == 0)
        {
            return (double.NaN, $"{what}: no data, the watch's cost cannot be measured");
        }

        if (samples.Contains(double.PositiveInfinity))
        {
            return (double.PositiveInfinity, $"{what}: +Inf measured: over any budget");
        }

        return samples.TrueForAll(double.IsFinite)
            ? (samples.Average(), null)
            : (double.NaN, $"{what}: non-finite measurement (NaN or -Inf): cannot project");
    }

    private static ProjectionLine Judge(ProjectionLine line, ProjectionMetric metric, CanaryContext canary, int fleet, double perNode, string measuredText)
    {
        var burst = canary.StartupBurst.TryGetValue(metric.Id, out var b) ? b : 0;
        var projected = (perNode * fleet) + burst;
        var fmt = (double? v) => HealthFormat.Value(v, metric.Unit);
        var burstText = burst > 0 ? $" + start-up {fmt(burst)}" : string.Empty;
        var detail = $"{measuredText} = {fmt(perNode)}/node × {fleet}{burstText} = {fmt(projected)}";
        return projected > line.Budget
            ? line with { Outcome = HealthOutcome.Fail, Reason = $"{detail} > budget {fmt(line.Budget)}", Measured = perNode, PerNode = perNode, Projected = projected }
            : line with { Outcome = HealthOutcome.Pass, Reason = $"{detail} ≤ budget {fmt(line.Budget)}", Measured = perNode, PerNode = perNode, Projected = projected };
    }

    private static ProjectionLine Line(ProjectionMetric metric, CanaryContext canary, int canaryNodes, int fleet, HealthQueryResult? result)
    {
        var line = Empty(metric, canary);
        var estimate = line.EstimatedPerNode;
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
        if (samples.Count == 0 && !canary.FlowSchemaInstalled)
        {
            return line with { Reason = $"no data for the canary's FlowSchema (is it installed and matching the agent's ServiceAccount?)" };
        }

        if (samples.Count == 0)
        {
            samples.Add(0); // the gate installed the schema: no series means no request reached it yet
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
        return projected > line.Budget
            ? line with { Outcome = HealthOutcome.Fail, Reason = $"{detail} > budget {fmt(line.Budget)}", Measured = measured, PerNode = perNode, Projected = projected }
            : line with { Outcome = HealthOutcome.Pass, Reason = $"{detail} ≤ budget {fmt(line.Budget)}", Measured = measured, PerNode = perNode, Projected = projected };
    }
}
