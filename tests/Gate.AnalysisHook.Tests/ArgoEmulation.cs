using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gate.AnalysisHook.Tests;

/// <summary>
/// The parts of Argo Rollouts' analysis the example templates rely on, as Argo implements them
/// (metricproviders/webmetric and utils/evaluate): <c>{{args.x}}</c> substitution, a JSONPath of the form
/// <c>{$.a.b}</c>, and condition evaluation — failure condition first, then success, neither → Inconclusive.
/// Conditions are the <c>result == "…"</c> / <c>!=</c> comparisons joined by <c>&amp;&amp;</c> / <c>||</c> the examples use.
/// </summary>
internal static partial class ArgoEmulation
{
    public const string Successful = "Successful";
    public const string Failed = "Failed";
    public const string Inconclusive = "Inconclusive";

    public static string Substitute(string text, IReadOnlyDictionary<string, string> args) =>
        ArgPattern().Replace(text, m => args.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    public static string? ExtractJsonPath(string body, string jsonPath)
    {
        var match = JsonPathPattern().Match(jsonPath);
        if (!match.Success)
        {
            throw new ArgumentException("unsupported jsonPath " + jsonPath, nameof(jsonPath));
        }

        using var json = JsonDocument.Parse(body);
        var element = json.RootElement;
        foreach (var segment in match.Groups[1].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
    }

    /// <summary>Argo's EvaluateResult: both conditions set → failure first, then success, else Inconclusive.</summary>
    public static string Evaluate(string? result, string? successCondition, string? failureCondition)
    {
        var hasSuccess = !string.IsNullOrWhiteSpace(successCondition);
        var hasFailure = !string.IsNullOrWhiteSpace(failureCondition);
        var success = hasSuccess && Condition(result, successCondition!);
        var failure = hasFailure && Condition(result, failureCondition!);
        return (hasSuccess, hasFailure) switch
        {
            (false, false) => Successful,
            (true, false) => success ? Successful : Failed,
            (false, true) => failure ? Failed : Successful,
            _ => failure ? Failed : success ? Successful : Inconclusive,
        };
    }

    private static bool Condition(string? result, string condition) =>
        condition.Split("||").Any(any => any.Split("&&").All(term => Comparison(result, term.Trim())));

    private static bool Comparison(string? result, string term)
    {
        var match = ComparisonPattern().Match(term);
        if (!match.Success)
        {
            throw new ArgumentException("unsupported condition term " + term, nameof(term));
        }

        var equal = string.Equals(result, match.Groups[2].Value, StringComparison.Ordinal);
        return match.Groups[1].Value == "==" ? equal : !equal;
    }

    [GeneratedRegex(@"\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\}")]
    private static partial Regex ArgPattern();

    [GeneratedRegex(@"^\{\$((?:\.[A-Za-z0-9_]+)+)\}$")]
    private static partial Regex JsonPathPattern();

    [GeneratedRegex(@"^result\s*(==|!=)\s*""([^""]*)""$")]
    private static partial Regex ComparisonPattern();
}
