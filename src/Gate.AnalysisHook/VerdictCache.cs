using System.Collections.Concurrent;

namespace Gate.AnalysisHook;

/// <summary>
/// One health judgement per (namespace, workload, window) for a TTL, shared by concurrent callers: many
/// AnalysisRuns asking at once cause one query to the health source, not one each.
/// </summary>
internal sealed class VerdictCache(IVerdictSource source, TimeProvider clock, TimeSpan ttl)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _sourceCalls;

    /// <summary>Judgements the source was actually asked for.</summary>
    public int SourceCalls => Volatile.Read(ref _sourceCalls);

    public Task<HookVerdict> GetAsync(AnalysisQuery query, CancellationToken cancellationToken)
    {
        var key = $"{query.Namespace}/{query.Workload}/{query.WindowSeconds}";
        var now = clock.GetUtcNow();
        var entry = _entries.AddOrUpdate(key, _ => NewEntry(query, now), (_, existing) => IsFresh(existing, now) ? existing : NewEntry(query, now));
        return entry.Verdict.Value.WaitAsync(cancellationToken);
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
