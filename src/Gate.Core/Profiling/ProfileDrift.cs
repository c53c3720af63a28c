using System.Globalization;
using System.Text.RegularExpressions;
using Gate.Core.Agents;

namespace Gate.Core.Profiling;

/// <summary>How a learned pattern compares with the prediction.</summary>
public enum DriftKind
{
    /// <summary>Learned and predicted alike.</summary>
    Matches,

    /// <summary>The agent makes it; the prediction does not have it.</summary>
    Missed,

    /// <summary>Predicted, but the agent never made it in the sample.</summary>
    Invented,

    /// <summary>Both have it, with a different period, resourceVersion or page size.</summary>
    Differs,
}

/// <summary>One line of a drift report.</summary>
public sealed record DriftFinding(DriftKind Kind, string Summary, string Detail);

/// <summary>
/// The learned patterns against what the catalogue (or the annotation, or the RBAC bound) predicts for the same
/// workload: what the prediction misses, invents, or gets with another period.
/// </summary>
public sealed partial record ProfileDrift
{
    /// <summary>A period this many times off (either way) is a difference.</summary>
    public const double PeriodTolerance = 1.5;

    public required string Against { get; init; }

    /// <summary>Where the prediction came from (catalogue, declared, rbac-worst-case, none).</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<DriftFinding> Findings { get; init; }

    /// <summary>Compares <paramref name="learned"/> with <paramref name="predicted"/>.</summary>
    public static ProfileDrift Compare(LearnedProfile learned, IReadOnlyList<AccessPattern> predicted, string source, string against)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(predicted);
        var findings = new List<DriftFinding>();
        var unmatched = predicted.ToList();
        foreach (var l in learned.Patterns.Select(p => p.Pattern))
        {
            var match = unmatched.FirstOrDefault(p => Same(p, l));
            if (match is null)
            {
                findings.Add(new DriftFinding(DriftKind.Missed, Summary(l), "not predicted; the log shows " + (l.Reason ?? "it").Replace("learned: ", string.Empty, StringComparison.Ordinal)));
                continue;
            }

            unmatched.Remove(match);
            var differences = Differences(l, match);
            findings.Add(differences.Count == 0
                ? new DriftFinding(DriftKind.Matches, Summary(l), "as predicted")
                : new DriftFinding(DriftKind.Differs, Summary(l), string.Join("; ", differences)));
        }

        findings.AddRange(unmatched.Select(p => new DriftFinding(DriftKind.Invented, Summary(p), "predicted" + (p.Reason is null ? string.Empty : $" ({p.Reason})") + ", never made in the sample")));
        return new ProfileDrift { Against = against, Source = source, Findings = findings };
    }

    /// <summary>One line naming a pattern: verb, resource, scope and selectors.</summary>
    public static string Summary(AccessPattern p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var text = $"{p.Verb.ToString().ToLowerInvariant()} {p.GroupResource} ({p.Scope.ToString().ToLowerInvariant()})";
        if (p.FieldSelector is not null)
        {
            text += " fieldSelector=" + p.FieldSelector;
        }

        return p.LabelSelector is null ? text : text + " labelSelector=" + p.LabelSelector;
    }

    private static bool Same(AccessPattern predicted, AccessPattern learned) =>
        predicted.Verb == learned.Verb
        && predicted.GroupResource == learned.GroupResource
        && predicted.Scope == learned.Scope
        && Normalise(predicted.FieldSelector) == Normalise(learned.FieldSelector)
        && (predicted.LabelSelector ?? string.Empty) == (learned.LabelSelector ?? string.Empty);

    /// <summary>Every node-name variable is the same placeholder; term order does not matter.</summary>
    private static string Normalise(string? selector) =>
        selector is null ? string.Empty : string.Join(',', Variable().Replace(selector, ProfileBuilder.NodePlaceholder).Split(',').Select(t => t.Trim()).Order(StringComparer.Ordinal));

    private static List<string> Differences(AccessPattern learned, AccessPattern predicted)
    {
        var differences = new List<string>();
        if (learned.PeriodSeconds is { } lp && predicted.PeriodSeconds is { } pp)
        {
            if (lp > pp * PeriodTolerance || lp * PeriodTolerance < pp)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"every {lp:0.#} s in the log, every {pp:0.#} s predicted"));
            }
        }
        else if (learned.PeriodSeconds is not null || predicted.PeriodSeconds is not null)
        {
            differences.Add($"{Period(learned)} in the log, {Period(predicted)} predicted");
        }

        if (learned.Verb != ApiVerb.Watch && Rv(learned.ResourceVersion) != Rv(predicted.ResourceVersion))
        {
            differences.Add($"resourceVersion {Rv(learned.ResourceVersion)} in the log, {Rv(predicted.ResourceVersion)} predicted");
        }

        // A resourceVersion=0 list is served whole from the watch cache: its limit changes nothing.
        if (learned.Limit != predicted.Limit && !(learned.ResourceVersion == "0" && predicted.ResourceVersion == "0"))
        {
            differences.Add($"limit {learned.Limit?.ToString(CultureInfo.InvariantCulture) ?? "unset"} in the log, {predicted.Limit?.ToString(CultureInfo.InvariantCulture) ?? "unset"} predicted");
        }

        return differences;
    }

    private static string Period(AccessPattern p) =>
        p.PeriodSeconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"every {s:0.#} s") : p.Verb == ApiVerb.Watch ? "long-lived" : "once at start";

    private static string Rv(string? rv) => rv switch
    {
        null => "unset",
        "0" => "0",
        _ => "exact",
    };

    [GeneratedRegex(@"\$\([A-Za-z_][A-Za-z0-9_]*\)")]
    private static partial Regex Variable();
}
