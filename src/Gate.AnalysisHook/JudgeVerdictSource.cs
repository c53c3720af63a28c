using Gate.Core.Health;

namespace Gate.AnalysisHook;

/// <summary>
/// Answers analysis queries with Gate.Core's health judge over a real health source (Prometheus or a direct
/// API server scrape): the window ending now, SLO thresholds of the signal pack, fail closed.
/// </summary>
public sealed class JudgeVerdictSource : IVerdictSource
{
    private readonly HealthJudge _judge;
    private readonly IHealthSource _source;
    private readonly TimeProvider _clock;

    public JudgeVerdictSource(HealthJudge judge, IHealthSource source, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(clock);
        _judge = judge;
        _source = source;
        _clock = clock;
    }

    public async Task<HookVerdict> JudgeAsync(AnalysisQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var window = HealthWindow.Ending(_clock.GetUtcNow(), TimeSpan.FromSeconds(query.WindowSeconds ?? 300));
        // Control-plane signals only: the workload of an Argo analysis is a Rollout, not a DaemonSet whose canary pods
        // the pack's agent signals could name (those are 'gate analyze --daemonset' and 'gate rollout').
        var verdict = await _judge.EvaluateAsync(window, baseline: null, canary: null, previousInconclusive: 0, cancellationToken).ConfigureAwait(false);
        return ToHookVerdict(verdict);
    }

    /// <summary>The judge reads the control plane over the window ending now: only the window's length matters (not the namespace, workload or stage).</summary>
    public string VerdictKey(AnalysisQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return "window=" + (query.WindowSeconds ?? 300).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        var probe = _judge.Pack.Signals.FirstOrDefault();
        if (probe is null)
        {
            return false;
        }

        // The probe is the pack's first signal, rendered like the judge renders it (placeholders filled in).
        var settings = _judge.Pack.Settings;
        var expression = HealthQueryTemplate.Render(probe.Expression, settings, canary: null);
        var scrape = probe.Scrape?.Render(v => HealthQueryTemplate.Render(v, settings, canary: null));
        var result = await _source.QueryAsync(HealthQuery.Instant(probe.Id, expression, _clock.GetUtcNow(), scrape), cancellationToken).ConfigureAwait(false);
        return result.IsSuccess;
    }

    /// <summary>Maps the judge's verdict to the hook's JSON shape: the overall reason first, then each signal that did not pass.</summary>
    public static HookVerdict ToHookVerdict(HealthVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var reasons = new List<string> { verdict.Reason };
        reasons.AddRange(verdict.Signals.Where(s => s.Outcome != HealthOutcome.Pass && !s.Skipped).Select(s => $"{s.Signal}: {s.Reason}"));
        if (verdict.Projection is { Outcome: not HealthOutcome.Pass } projection)
        {
            reasons.Add("projection: " + projection.Reason);
        }

        var signals = verdict.Signals
            .Where(s => !s.Skipped)
            .ToDictionary(s => s.Signal, s => new SignalResult(Name(s.Outcome), s.Value, s.Limit, s.Reason), StringComparer.Ordinal);
        return new HookVerdict(Name(verdict.Outcome), reasons, signals);
    }

    private static string Name(HealthOutcome outcome) => outcome switch
    {
        HealthOutcome.Pass => HookVerdict.Pass,
        HealthOutcome.Fail => HookVerdict.Fail,
        _ => HookVerdict.Inconclusive,
    };
}
