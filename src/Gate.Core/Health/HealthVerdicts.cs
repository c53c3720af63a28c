namespace Gate.Core.Health;

/// <summary>Combines per-signal verdicts and the projection into one outcome, failing closed.</summary>
public static class HealthVerdicts
{
    /// <summary>
    /// Any required signal or the projection failing → fail. Otherwise any required signal or the projection
    /// inconclusive → inconclusive, unless that makes more than <paramref name="inconclusiveLimit"/> in a row → fail.
    /// Otherwise pass.
    /// </summary>
    public static HealthVerdict Combine(
        IReadOnlyList<SignalVerdict> signals,
        ProjectionVerdict? projection,
        HealthWindow window,
        HealthWindow? baselineWindow,
        int inconclusiveLimit,
        int previousInconclusive,
        string source)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var counted = signals.Where(s => s.Required).ToList();
        var failed = counted.Where(s => s.Outcome == HealthOutcome.Fail).Select(s => s.Signal).ToList();
        if (projection?.Outcome == HealthOutcome.Fail)
        {
            failed.Add("projection");
        }

        var unknown = counted.Where(s => s.Outcome == HealthOutcome.Inconclusive).Select(s => s.Signal).ToList();
        if (projection?.Outcome == HealthOutcome.Inconclusive)
        {
            unknown.Add("projection");
        }

        HealthOutcome outcome;
        string reason;
        var inARow = 0;
        if (failed.Count > 0)
        {
            outcome = HealthOutcome.Fail;
            reason = "failed: " + string.Join(", ", failed);
        }
        else if (unknown.Count > 0)
        {
            inARow = previousInconclusive + 1;
            var what = "no answer from " + string.Join(", ", unknown);
            if (inARow > inconclusiveLimit)
            {
                outcome = HealthOutcome.Fail;
                reason = $"failed closed: inconclusive {inARow} times in a row (limit {inconclusiveLimit}); {what}";
            }
            else
            {
                outcome = HealthOutcome.Inconclusive;
                reason = $"inconclusive ({inARow} of {inconclusiveLimit} allowed in a row): {what}";
            }
        }
        else
        {
            outcome = HealthOutcome.Pass;
            reason = $"all {counted.Count} required signals pass" + (projection is null ? string.Empty : "; projection within budget");
        }

        return new HealthVerdict
        {
            Outcome = outcome,
            Reason = reason,
            Window = window,
            BaselineWindow = baselineWindow,
            Signals = signals,
            Projection = projection,
            ConsecutiveInconclusive = inARow,
            InconclusiveLimit = inconclusiveLimit,
            Source = source,
        };
    }
}
