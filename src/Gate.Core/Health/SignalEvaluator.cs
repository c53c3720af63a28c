namespace Gate.Core.Health;

/// <summary>
/// Pure per-signal judgement: a query result (and the baseline's) in, a <see cref="SignalVerdict"/> out. No data and
/// query errors are inconclusive, never a pass.
/// </summary>
public static class SignalEvaluator
{
    /// <summary>Judges <paramref name="signal"/> from the canary window's <paramref name="result"/> and, when given, the baseline's.</summary>
    public static SignalVerdict Evaluate(HealthSignal signal, HealthSettings settings, HealthQueryResult result, HealthQueryResult? baseline)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(result);

        if (result.Error is { } error)
        {
            return Inconclusive(signal, $"query failed ({Kind(error.Kind)}): {error.Message}");
        }

        var samples = result.Worst(signal.LowerIsWorse).Select(s => s.Value).ToList();
        if (samples.Count == 0)
        {
            return Inconclusive(signal, "no data: the query returned no samples in the window");
        }

        var fmt = (double? v) => HealthFormat.Value(v, signal.Unit);
        if (NonFinite(signal, samples) is { } nonFinite)
        {
            return nonFinite;
        }

        var value = Aggregate(samples, signal.Aggregation);
        var verdict = new SignalVerdict
        {
            Signal = signal.Id,
            Title = signal.Title,
            Unit = signal.Unit,
            Outcome = HealthOutcome.Pass,
            Reason = string.Empty,
            Value = value,
            Samples = samples.Count,
            Required = signal.Required,
        };

        var limits = new List<string>();
        if (signal.Max is { } max)
        {
            verdict = verdict with { Limit = max };
            if (value > max)
            {
                return verdict with { Outcome = HealthOutcome.Fail, Reason = $"{fmt(value)} above the limit {fmt(max)}" };
            }

            limits.Add($"≤ {fmt(max)}");
        }

        if (signal.Min is { } min)
        {
            verdict = verdict with { Limit = min };
            if (value < min)
            {
                return verdict with { Outcome = HealthOutcome.Fail, Reason = $"{fmt(value)} below the minimum {fmt(min)}" };
            }

            limits.Add($"≥ {fmt(min)}");
        }

        if (signal.Baseline is { } rule && baseline is not null)
        {
            return CompareWithBaseline(signal, settings, rule, verdict, samples, baseline, limits);
        }

        return verdict with { Reason = $"{fmt(value)} {string.Join(", ", limits)}".TrimEnd() };
    }

    /// <summary>Reduces samples to one number.</summary>
    public static double Aggregate(IReadOnlyList<double> samples, Aggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return aggregation switch
        {
            Aggregation.Min => samples.Min(),
            Aggregation.Mean => samples.Average(),
            Aggregation.Last => samples[^1],
            _ => samples.Max(),
        };
    }

    private static SignalVerdict CompareWithBaseline(
        HealthSignal signal, HealthSettings settings, BaselineRule rule, SignalVerdict verdict, List<double> samples, HealthQueryResult baseline, List<string> limits)
    {
        var fmt = (double? v) => HealthFormat.Value(v, signal.Unit);
        if (baseline.Error is { } error)
        {
            return verdict with { Outcome = HealthOutcome.Inconclusive, Reason = $"baseline query failed ({Kind(error.Kind)}): {error.Message}" };
        }

        var before = baseline.Worst(signal.LowerIsWorse).Select(s => s.Value).ToList();
        if (before.Count == 0)
        {
            return verdict with { Outcome = HealthOutcome.Inconclusive, Reason = "no baseline data to compare with" };
        }

        if (!before.TrueForAll(double.IsFinite))
        {
            return verdict with { Outcome = HealthOutcome.Inconclusive, Reason = $"the baseline has {before.Count(v => !double.IsFinite(v))} non-finite sample(s) (NaN or ±Inf): cannot compare" };
        }

        var baseValue = Aggregate(before, signal.Aggregation);
        var value = verdict.Value!.Value;
        var limit = Math.Max(baseValue * rule.MaxRatio, baseValue + rule.MinDelta);
        var absolute = verdict.Limit;
        verdict = verdict with { Baseline = baseValue, BaselineSamples = before.Count, Limit = absolute is { } a ? Math.Min(a, limit) : limit };
        var ratio = baseValue > 0 ? $"{HealthFormat.Number(value / baseValue)}× baseline {fmt(baseValue)}" : $"baseline {fmt(baseValue)}";

        double? p = null;
        var testNote = string.Empty;
        if (rule.MannWhitney)
        {
            if (samples.Count >= settings.MinSamples && before.Count >= settings.MinSamples)
            {
                p = MannWhitney.GreaterThan(samples, before).PValue;
                verdict = verdict with { PValue = p };
            }
            else
            {
                testNote = $"; too few samples for Mann-Whitney ({samples.Count} vs {before.Count}, need {settings.MinSamples})";
            }
        }

        var above = value > limit;
        var significant = p is null || p < settings.Alpha;
        var pText = p is { } pv ? $", Mann-Whitney p={HealthFormat.Number(pv)}" : string.Empty;
        if (above && significant)
        {
            return verdict with
            {
                Outcome = HealthOutcome.Fail,
                Reason = $"{fmt(value)} is {ratio}, above {fmt(limit)} (×{HealthFormat.Number(rule.MaxRatio)} or +{fmt(rule.MinDelta)}){pText}{testNote}",
            };
        }

        var why = above ? $"above {fmt(limit)} but not significant (p={HealthFormat.Number(p!.Value)} ≥ {HealthFormat.Number(settings.Alpha)})" : $"within {fmt(limit)}";
        var absoluteText = limits.Count > 0 ? string.Join(", ", limits) + "; " : string.Empty;
        return verdict with { Reason = $"{fmt(value)} {absoluteText}{ratio}, {why}{(above ? string.Empty : pText)}{testNote}" };
    }

    /// <summary>
    /// A non-finite sample is never healthy: an infinity in the worse direction (+Inf where higher is worse, e.g. a
    /// p99 whose +Inf bucket holds the quantile) fails the signal; NaN (0/0, a quantile of no observations) or an
    /// infinity in the better direction is a value the judge cannot read, so the signal is inconclusive. Null when
    /// every sample is finite.
    /// </summary>
    private static SignalVerdict? NonFinite(HealthSignal signal, List<double> samples)
    {
        var bad = samples.Count(v => !double.IsFinite(v));
        if (bad == 0)
        {
            return null;
        }

        var worse = signal.LowerIsWorse ? double.NegativeInfinity : double.PositiveInfinity;
        var text = string.Join(", ", samples.Where(v => !double.IsFinite(v)).Distinct().Select(HealthFormat.NonFinite));
        if (samples.Contains(worse))
        {
            return new SignalVerdict
            {
                Signal = signal.Id,
                Title = signal.Title,
                Unit = signal.Unit,
                Outcome = HealthOutcome.Fail,
                Reason = $"{HealthFormat.NonFinite(worse)} at {bad} of {samples.Count} steps: worse than any limit",
                Samples = samples.Count,
                Required = signal.Required,
            };
        }

        return Inconclusive(signal, $"non-finite value ({text}) at {bad} of {samples.Count} steps: cannot judge the window");
    }

    private static SignalVerdict Inconclusive(HealthSignal signal, string reason) => new()
    {
        Signal = signal.Id,
        Title = signal.Title,
        Unit = signal.Unit,
        Outcome = HealthOutcome.Inconclusive,
        Reason = signal.Required ? reason : reason + " (optional signal, not counted)",
        Required = signal.Required,
    };

    internal static string Kind(HealthQueryErrorKind kind) => kind switch
    {
        HealthQueryErrorKind.Unreachable => "unreachable",
        HealthQueryErrorKind.Timeout => "timeout",
        HealthQueryErrorKind.BadQuery => "bad query",
        HealthQueryErrorKind.ServerError => "server error",
        _ => "unsupported",
    };
}
