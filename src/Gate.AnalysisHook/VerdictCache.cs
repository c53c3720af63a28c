using System.Collections.Concurrent;

namespace Gate.AnalysisHook;

/// <summary>
/// One health judgement per <see cref="IVerdictSource.VerdictKey"/> (what the verdict depends on) for a TTL, shared
/// by concurrent callers: many AnalysisRuns asking at once cause one query to the health source, not one each.
/// Bounded: past <c>maxEntries</c> expired entries are dropped, then the oldest, so callers varying their queries
/// cannot grow it without limit.
/// </summary>
internal sealed class VerdictCache(IVerdictSource source, TimeProvider clock, TimeSpan ttl, int maxEntries)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private int _sourceCalls;

    /// <summary>Judgements the source was actually asked for.</summary>
    public int SourceCalls => Volatile.Read(ref _sourceCalls);

    /// <summary>Verdicts held.</summary>
    public int Count => _entries.Count;

    public Task<HookVerdict> GetAsync(AnalysisQuery query, CancellationToken cancellationToken)
    {
        var key = source.VerdictKey(query);
        var now = clock.GetUtcNow();
        var entry = _entries.AddOrUpdate(key, _ => NewEntry(query, now), (_, existing) => IsFresh(existing, now) ? existing : NewEntry(query, now));
        if (_entries.Count > maxEntries)
        {
            Evict(now);
        }

        return entry.Verdict.Value.WaitAsync(cancellationToken);
    }

    private void Evict(DateTimeOffset now)
    {
        lock (_evicting)
        {
            foreach (var (key, entry) in _entries)
            {
                if (!IsFresh(entry, now))
                {
                    _entries.TryRemove(key, out _);
                }
            }

            var excess = _entries.Count - maxEntries;
            if (excess > 0)
            {
                foreach (var (key, _) in _entries.OrderBy(e => e.Value.Expires).Take(excess).ToList())
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }

    private static bool IsFresh(Entry entry, DateTimeOffset now) =>
        entry.Expires > now && !(entry.Verdict.IsValueCreated && (entry.Verdict.Value.IsFaulted || entry.Verdict.Value.IsCanceled));

    // Lazy: AddOrUpdate may build an entry it then throws away; only the stored one ever asks the source.
    // The shared judgement is not tied to the first caller's request, which may end before the others.
    private Entry NewEntry(AnalysisQuery query, DateTimeOffset now) => new(
        now + ttl,
        new Lazy<Task<HookVerdict>>(() =>
        {
            Interlocked.Increment(ref _sourceCalls);
            return source.JudgeAsync(query, CancellationToken.None);
        }));

    private sealed record Entry(DateTimeOffset Expires, Lazy<Task<HookVerdict>> Verdict);
}
