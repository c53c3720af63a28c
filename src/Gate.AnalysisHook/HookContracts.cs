using System.Text.Json.Serialization;

namespace Gate.AnalysisHook;

/// <summary>What an analysis run asks about: the workload being rolled out and the window to judge.</summary>
/// <param name="Namespace">Namespace of the workload (required).</param>
/// <param name="Workload">Name of the DaemonSet or Rollout (required).</param>
/// <param name="Stage">Optional stage label, recorded in the answer.</param>
/// <param name="WindowSeconds">Length of the window to judge, seconds (default 300).</param>
public sealed record AnalysisQuery(
    [property: JsonPropertyName("namespace")] string? Namespace,
    [property: JsonPropertyName("workload")] string? Workload,
    [property: JsonPropertyName("stage")] string? Stage = null,
    [property: JsonPropertyName("windowSeconds")] int? WindowSeconds = null);

/// <summary>One signal's part of a verdict.</summary>
public sealed record SignalResult(
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("value")] double? Value,
    [property: JsonPropertyName("threshold")] double? Threshold,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>A verdict: <c>pass</c>, <c>fail</c> or <c>inconclusive</c>, with reasons and per-signal results.</summary>
public sealed record HookVerdict(
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("reasons")] IReadOnlyList<string> Reasons,
    [property: JsonPropertyName("signals")] IReadOnlyDictionary<string, SignalResult> Signals)
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Inconclusive = "inconclusive";

    /// <summary>An inconclusive verdict with one reason (fail closed).</summary>
    public static HookVerdict InconclusiveBecause(string reason) =>
        new(Inconclusive, [reason], new Dictionary<string, SignalResult>());
}

/// <summary>The body of every verdict response: <c>{"result":{…}}</c> (Argo reads <c>{$.result.verdict}</c>).</summary>
public sealed record HookResponse([property: JsonPropertyName("result")] HookVerdict Result);

/// <summary>The body of an error response (bad request, unauthorized).</summary>
public sealed record HookError([property: JsonPropertyName("error")] string Error);

/// <summary>Judges control-plane health for a query; implemented over Gate.Core.Health by the CLI.</summary>
public interface IVerdictSource
{
    /// <summary>Judges the window. Source outages must come back as an inconclusive verdict, not an exception.</summary>
    Task<HookVerdict> JudgeAsync(AnalysisQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// What the verdict for <paramref name="query"/> depends on: queries with equal keys share one judgement for the
    /// cache's TTL (a source that ignores the workload must not key on it, or each name would cost a judgement).
    /// </summary>
    string VerdictKey(AnalysisQuery query);

    /// <summary>True when the health source answers (used by <c>/readyz</c>).</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}

[JsonSerializable(typeof(AnalysisQuery))]
[JsonSerializable(typeof(HookResponse))]
[JsonSerializable(typeof(HookError))]
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class HookJsonContext : JsonSerializerContext;
