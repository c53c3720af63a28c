using System.Text.RegularExpressions;
using Gate.Core.Agents;

namespace Gate.Core.Policies;

/// <summary>
/// Reads the workload annotation <c>gate.dev/suppress</c>: entries <c>GATE103=reason</c> separated by <c>;</c> or new
/// lines. The reason is mandatory; a malformed entry is a positioned usage error (exit 2).
/// </summary>
public static partial class Suppressions
{
    /// <summary>The annotation key.</summary>
    public const string AnnotationKey = "gate.dev/suppress";

    /// <summary>Rule id → reason, from the workload's annotation (empty when it has none).</summary>
    public static IReadOnlyDictionary<string, string> FromAnnotation(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!workload.Annotations.TryGetValue(AnnotationKey, out var value))
        {
            return result;
        }

        foreach (var raw in value.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = EntryPattern().Match(raw);
            if (!match.Success)
            {
                throw new GateUsageException(
                    $"{workload.Namespace}/{workload.Name}: annotation {AnnotationKey} entry '{raw}' needs a rule id and a reason",
                    workload.SuppressionOrigin ?? workload.Origin,
                    $"write {AnnotationKey}: \"GATE103=why this is acceptable\"");
            }

            var id = match.Groups["id"].Value;
            if (RuleCatalog.Find(id) is null)
            {
                throw new GateUsageException(
                    $"{workload.Namespace}/{workload.Name}: annotation {AnnotationKey} suppresses '{id}', which is not a rule id",
                    workload.SuppressionOrigin ?? workload.Origin,
                    "run 'gate policies list' for the rule ids");
            }

            result[id] = match.Groups["reason"].Value.Trim();
        }

        return result;
    }

    [GeneratedRegex(@"^(?<id>[A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?<reason>\S.*)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EntryPattern();

    /// <summary>Applies the annotation and the policy allow list to a finding.</summary>
    internal static Finding Apply(Finding finding, IReadOnlyDictionary<string, string> annotated, Policy policy)
    {
        if (annotated.TryGetValue(finding.RuleId, out var reason))
        {
            return finding with { Suppressed = true, SuppressionReason = reason, SuppressionSource = "annotation" };
        }

        var entry = policy.Allow.FirstOrDefault(a => a.Matches(finding.RuleId, finding.Workload));
        return entry is null
            ? finding
            : finding with { Suppressed = true, SuppressionReason = entry.Reason, SuppressionSource = "policy" };
    }
}
