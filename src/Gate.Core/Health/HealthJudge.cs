namespace Gate.Core.Health;

/// <summary>
/// The health judge: captures a baseline, then evaluates a canary window into a <see cref="HealthVerdict"/>. It
/// fails closed: a query error or no data makes a required signal inconclusive, and more than
/// <see cref="HealthSettings.InconclusiveLimit"/> inconclusive analyses in a row fail.
/// </summary>
public sealed class HealthJudge
{
    private readonly HealthPack pack;
    private readonly IHealthSource source;

    public HealthJudge(HealthPack pack, IHealthSource source)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(source);
        this.pack = pack;
        this.source = source;
    }

    public HealthPack Pack => pack;

    /// <summary>Queries every signal that has a baseline rule over <paramref name="window"/> (before the canary started).</summary>
    public async Task<HealthBaseline> CaptureBaselineAsync(HealthWindow window, CanaryContext? canary = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var signals = pack.Signals.Where(s => s.Baseline is not null && (!s.Canary || canary is not null)).ToList();
        var results = await Task.WhenAll(signals.Select(s => QueryAsync(s.Id, s.Expression, s.Scrape, window, canary, null, cancellationToken))).ConfigureAwait(false);
        return new HealthBaseline
        {
            Window = window,
            Signals = signals.Zip(results).ToDictionary(p => p.First.Id, p => p.Second, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Evaluates the canary <paramref name="window"/>: every signal (against <paramref name="baseline"/> when given)
    /// and, when <paramref name="canary"/> names a fleet size, the projection. <paramref name="previousInconclusive"/>
    /// is the number of inconclusive analyses in a row before this one.
    /// </summary>
    public async Task<HealthVerdict> EvaluateAsync(
        HealthWindow window, HealthBaseline? baseline = null, CanaryContext? canary = null, int previousInconclusive = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var signalTasks = pack.Signals.Select(async s =>
        {
            if (s.Canary && canary is null)
            {
                return Skipped(s);
            }

            var result = await QueryAsync(s.Id, s.Expression, s.Scrape, window, canary, null, cancellationToken).ConfigureAwait(false);
            var before = baseline is null ? null : baseline.Signals.GetValueOrDefault(s.Id) ?? HealthQueryResult.Success(Array.Empty<HealthSeries>());
            return SignalEvaluator.Evaluate(s, pack.Settings, result, s.Baseline is null ? null : before);
        });
        var signals = await Task.WhenAll(signalTasks).ConfigureAwait(false);

        ProjectionVerdict? projection = null;
        if (pack.Projection is { } spec && canary?.FleetNodes is not null)
        {
            var flowSchema = HealthQueryTemplate.Render(canary.FlowSchema ?? spec.FlowSchema, pack.Settings, canary);
            var queries = new List<(string Key, Task<HealthQueryResult> Result)>();
            foreach (var m in spec.Metrics)
            {
                if (!m.PerWatch)
                {
                    queries.Add((m.Id, QueryAsync(m.Id, m.Expression, m.Scrape, window, canary, flowSchema, cancellationToken)));
                    continue;
                }

                // A per-watch metric: the events and the event size of every resource the canary watches.
                foreach (var watch in (canary.Watches ?? []).DistinctBy(w => w.GroupResource))
                {
                    queries.Add((ProjectionEvaluator.EventsKey(m, watch), QueryAsync(m.Id, m.Expression, m.Scrape, window, canary, flowSchema, cancellationToken, watch)));
                    queries.Add((ProjectionEvaluator.EventBytesKey(m, watch), QueryAsync(ProjectionEvaluator.EventBytesKey(m, null), m.EventBytesExpression!, null, window, canary, flowSchema, cancellationToken, watch)));
                }
            }

            var answers = await Task.WhenAll(queries.Select(q => q.Result)).ConfigureAwait(false);
            projection = ProjectionEvaluator.Evaluate(
                spec, flowSchema, canary, queries.Zip(answers).ToDictionary(p => p.First.Key, p => p.Second, StringComparer.Ordinal));
        }

        return HealthVerdicts.Combine(signals, projection, window, baseline?.Window, pack.Settings.InconclusiveLimit, previousInconclusive, source.Name);
    }

    private Task<HealthQueryResult> QueryAsync(
        string id, string expression, ScrapeSpec? scrape, HealthWindow window, CanaryContext? canary, string? flowSchema, CancellationToken cancellationToken, CanaryWatch? watch = null)
    {
        var query = new HealthQuery
        {
            Signal = id,
            Expression = HealthQueryTemplate.Render(expression, pack.Settings, canary, flowSchema, watch),
            Scrape = scrape?.Render(v => HealthQueryTemplate.Render(v, pack.Settings, canary, flowSchema, watch)),
            Start = window.Start,
            End = window.End,
            Step = pack.Settings.Step,
        };
        return source.QueryAsync(query, cancellationToken);
    }

    private static SignalVerdict Skipped(HealthSignal signal) => new()
    {
        Signal = signal.Id,
        Title = signal.Title,
        Unit = signal.Unit,
        Outcome = HealthOutcome.Inconclusive,
        Reason = "not evaluated: no canary pods given",
        Required = false,
        Skipped = true,
    };
}
