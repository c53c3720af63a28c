namespace Gate.AnalysisHook;

/// <summary>
/// The answer of <c>/readyz</c>, probed at most once per TTL whatever the call rate: the probe needs no token, so
/// every call reaching the health source would let anyone drive Prometheus' load. A "ready" answer is kept for
/// <c>readyTtl</c>, a "not ready" one for the shorter <c>notReadyTtl</c> (a recovered source is noticed soon).
/// Concurrent callers share the probe in flight; a probe that throws is "not ready".
/// </summary>
internal sealed class ReadinessCache(IVerdictSource source, TimeProvider clock, TimeSpan readyTtl, TimeSpan notReadyTtl, TimeSpan probeTimeout)
{
    private readonly Lock _lock = new();
    private Task<bool>? _probe;
    private DateTimeOffset _started;
    private int _probes;

    /// <summary>Probes that reached the source.</summary>
    public int Probes => Volatile.Read(ref _probes);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        Task<bool> probe;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_probe is null || (_probe.IsCompleted && _started + (_probe.Result ? readyTtl : notReadyTtl) <= now))
            {
                _started = now;
                _probe = ProbeAsync();
            }

            probe = _probe;
        }

        return probe.WaitAsync(cancellationToken);
    }

    private async Task<bool> ProbeAsync()
    {
        Interlocked.Increment(ref _probes);
        using var timeout = new CancellationTokenSource(probeTimeout, clock);
        try
        {
            return await source.IsReadyAsync(timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the probe throws, the answer is "not ready" (fail closed).
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
