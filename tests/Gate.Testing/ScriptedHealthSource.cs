using Gate.Core.Health;

namespace Gate.Testing;

/// <summary>
/// A test <see cref="IHealthSource"/>: answers each signal id with a function of the query (e.g. healthy before a
/// time, degraded after), and records every query it was asked. Unknown signals answer "no data".
/// </summary>
public sealed class ScriptedHealthSource : IHealthSource
{
    private readonly Dictionary<string, Func<HealthQuery, HealthQueryResult>> answers = new(StringComparer.Ordinal);
    private readonly List<HealthQuery> queries = [];
    private readonly Lock gate = new();

    public string Name => "scripted";

    /// <summary>Every query received, in order.</summary>
    public IReadOnlyList<HealthQuery> Queries
    {
        get
        {
            lock (gate)
            {
                return queries.ToList();
            }
        }
    }

    /// <summary>Answers <paramref name="signal"/> with <paramref name="answer"/>.</summary>
    public ScriptedHealthSource On(string signal, Func<HealthQuery, HealthQueryResult> answer)
    {
        answers[signal] = answer;
        return this;
    }

    /// <summary>Answers <paramref name="signal"/> with one sample per step of the window, valued by <paramref name="value"/>(time, index).</summary>
    public ScriptedHealthSource OnSeries(string signal, Func<DateTimeOffset, int, double> value) =>
        On(signal, q => HealthQueryResult.FromSamples(Steps(q).Select((t, i) => new HealthSample(t, value(t, i))).ToList()));

    /// <summary>Answers every signal of <paramref name="pack"/> with a constant healthy value.</summary>
    public ScriptedHealthSource Healthy(HealthPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        foreach (var s in pack.Signals)
        {
            var v = s.Min ?? (s.Max is { } max ? max / 2 : 1e8);
            OnSeries(s.Id, (_, i) => v * (1 + (0.01 * (i % 3))));
        }

        foreach (var m in pack.Projection?.Metrics ?? [])
        {
            OnSeries(m.Id, (_, _) => 0.0);
        }

        return this;
    }

    public Task<HealthQueryResult> QueryAsync(HealthQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (gate)
        {
            queries.Add(query);
        }

        return Task.FromResult(answers.TryGetValue(query.Signal, out var answer) ? answer(query) : HealthQueryResult.Success(Array.Empty<HealthSeries>()));
    }

    /// <summary>The evaluation times of a query's window.</summary>
    public static IEnumerable<DateTimeOffset> Steps(HealthQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        for (var t = query.Start; t <= query.End; t += query.Step)
        {
            yield return t;
        }
    }
}
