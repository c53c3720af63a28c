namespace Gate.AnalysisHook.Tests;

/// <summary>A verdict source whose answers the test scripts: a verdict, an exception, or a judgement that never ends.</summary>
internal sealed class ScriptedVerdictSource : IVerdictSource
{
    private int _calls;
    private int _readyCalls;

    public Func<AnalysisQuery, Task<HookVerdict>> Judge { get; set; } = _ => Task.FromResult(Verdict(HookVerdict.Pass));

    public bool Ready { get; set; } = true;

    public int Calls => Volatile.Read(ref _calls);

    public int ReadyCalls => Volatile.Read(ref _readyCalls);

    public AnalysisQuery? LastQuery { get; private set; }

    public static HookVerdict Verdict(string verdict) => new(
        verdict,
        [$"apiserver request p99 {verdict}"],
        new Dictionary<string, SignalResult>
        {
            ["apiserver-request-p99"] = new(verdict, 0.42, 1.0, "p99 0.42 s vs SLO 1 s"),
        });

    public Task<HookVerdict> JudgeAsync(AnalysisQuery query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        LastQuery = query;
        return Judge(query);
    }

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _readyCalls);
        return Task.FromResult(Ready);
    }

    /// <summary>A scripted verdict may depend on everything the query names.</summary>
    public string VerdictKey(AnalysisQuery query) => $"{query.Namespace}/{query.Workload}/{query.Stage}/{query.WindowSeconds}";
}
