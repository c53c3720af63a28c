using Gate.Core.Health;

namespace Gate.Core.Rollout;

/// <summary>
/// Records a rollout for its report without touching the engine: <see cref="Observe"/> is the engine's progress sink
/// (<see cref="RolloutPorts.Progress"/>; one event per phase or stage change, one agent sample per change of the
/// updated count), <see cref="Wrap"/> puts a recording decorator around the judge's health source (every sample it
/// answers, per signal), and <see cref="ToRecord"/> adds the analyses and the outcome.
/// </summary>
public sealed class RolloutRecorder
{
    /// <summary>Most samples kept per series (the oldest go first).</summary>
    public const int MaxPointsPerSeries = 4000;

    private readonly TimeProvider time;
    private readonly List<RolloutEvent> events = [];
    private readonly List<RecordedPoint> agents = [];
    private readonly Dictionary<string, SortedDictionary<DateTimeOffset, double>> signals = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private RolloutProgress? last;

    public RolloutRecorder(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        StartedAt = time.GetUtcNow();
    }

    /// <summary>When recording started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Nodes the agent runs on (from the last progress).</summary>
    public int Nodes => last?.Total ?? 0;

    /// <summary>The phase and stage changes so far.</summary>
    public IReadOnlyList<RolloutEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    /// <summary>The engine's progress sink: records phase and stage changes and the nodes on the new revision.</summary>
    public void Observe(RolloutProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (last is null || last.Phase != progress.Phase || last.Stage != progress.Stage)
            {
                events.Add(new RolloutEvent(now, progress.Phase, progress.Stage, progress.StageCount, progress.Updated, progress.Activity));
            }

            if (last is null || last.Updated != progress.Updated)
            {
                Add(agents, new RecordedPoint(now, progress.Updated));
            }

            last = progress;
        }
    }

    /// <summary><paramref name="source"/>, recording every finite sample it answers (the worst instance per time).</summary>
    public IHealthSource Wrap(IHealthSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new RecordingSource(source, this);
    }

    /// <summary>The record so far, with the analyses and the outcome (null while the rollout runs).</summary>
    public RolloutRecord ToRecord(DaemonSetRef target, IEnumerable<StageAnalysisRecord> analyses, RolloutOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(analyses);
        lock (gate)
        {
            return new RolloutRecord
            {
                Target = target.ToString(),
                Change = outcome?.State?.Target ?? string.Empty,
                RunId = outcome?.State?.RunId,
                StartedAt = StartedAt,
                EndedAt = time.GetUtcNow(),
                Nodes = Nodes,
                Outcome = outcome is null ? Kebab(last?.Phase.ToString() ?? "preparing") : Kebab(outcome.Kind.ToString()),
                Reason = outcome?.Reason ?? last?.Activity ?? string.Empty,
                Events = [.. events],
                Agents = [.. agents],
                Signals = signals.ToDictionary(s => s.Key, s => (IReadOnlyList<RecordedPoint>)[.. s.Value.Select(p => new RecordedPoint(p.Key, p.Value))], StringComparer.Ordinal),
                Analyses = [.. analyses.Select(RecordedAnalysis.From)],
            };
        }
    }

    /// <summary><c>RolledBack</c> → <c>rolled-back</c>.</summary>
    public static string Kebab(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }

    private static void Add(List<RecordedPoint> points, RecordedPoint point)
    {
        if (points.Count == MaxPointsPerSeries)
        {
            points.RemoveAt(0);
        }

        points.Add(point);
    }

    private void Record(string signal, HealthQueryResult result)
    {
        if (!result.IsSuccess)
        {
            return;
        }

        var worst = result.Worst();
        lock (gate)
        {
            if (!signals.TryGetValue(signal, out var series))
            {
                series = [];
                signals.Add(signal, series);
            }

            foreach (var sample in worst.Where(s => double.IsFinite(s.Value)))
            {
                series[sample.Timestamp] = sample.Value;
            }

            while (series.Count > MaxPointsPerSeries)
            {
                series.Remove(series.Keys.First());
            }
        }
    }

    private sealed class RecordingSource(IHealthSource inner, RolloutRecorder recorder) : IHealthSource
    {
        public string Name => inner.Name;

        public async Task<HealthQueryResult> QueryAsync(HealthQuery query, CancellationToken cancellationToken = default)
        {
            var result = await inner.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            recorder.Record(query.Signal, result);
            return result;
        }
    }
}
