using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Policies;

namespace Gate.Core.Reports;

/// <summary>Derived values every format shows the same way: names, budgets per size point, counts and verdict words.</summary>
public static class ReportFacts
{
    /// <summary>Base of the rule documentation links (docs/rules/GATE1xx.md on the default branch).</summary>
    public const string DocsBaseUri = "https://github.com/gate-dev/gate/blob/main/docs/rules/";

    /// <summary>Link to a rule's page.</summary>
    public static string HelpUri(string ruleId) => DocsBaseUri + ruleId + ".md";

    /// <summary><c>namespace/name</c>.</summary>
    public static string Name(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return $"{workload.Namespace}/{workload.Name}";
    }

    /// <summary><c>charts/x/templates/ds.yaml: looks like a Helm template: render it with …</c> for a skipped file.</summary>
    public static string SkippedLine(GateReport report, Manifests.SkippedFile skipped)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(skipped);
        return $"{report.DisplayPath(skipped.File)}: {skipped.Message}";
    }

    /// <summary>Kebab-case name of a pattern source: <c>catalogue</c>, <c>declared</c>, <c>rbac-worst-case</c>, <c>none</c>.</summary>
    public static string SourceName(PatternSource source) => source switch
    {
        PatternSource.Catalogue => "catalogue",
        PatternSource.Declared => "declared",
        PatternSource.RbacWorstCase => "rbac-worst-case",
        _ => "none",
    };

    /// <summary>The pattern source as reports show it: the RBAC bound says it is an upper bound.</summary>
    public static string SourceLabel(PatternSource source) =>
        source == PatternSource.RbacWorstCase ? "rbac-worst-case (upper bound)" : SourceName(source);

    /// <summary>Read budget in bytes/s at a point of the scaling series.</summary>
    public static double ReadBudgetAt(GateReport report, SizePoint point)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(point);
        return Budgets.ReadBytesPerSecond(point.Capacity, report.Policy.BudgetFor(point.Nodes));
    }

    /// <summary>Counts of unsuppressed findings by severity, and of suppressed ones.</summary>
    public static (int Errors, int Warnings, int Notes, int Suppressed) Counts(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var list = findings.ToList();
        return (
            list.Count(f => !f.Suppressed && f.Severity == Severity.Error),
            list.Count(f => !f.Suppressed && f.Severity == Severity.Warning),
            list.Count(f => !f.Suppressed && f.Severity == Severity.Note),
            list.Count(f => f.Suppressed));
    }

    /// <summary><c>2 errors, 1 warning, 1 suppressed</c> or <c>no findings</c>.</summary>
    public static string CountText(IEnumerable<Finding> findings)
    {
        var (errors, warnings, notes, suppressed) = Counts(findings);
        var parts = new List<string>();
        Add(parts, errors, "error");
        Add(parts, warnings, "warning");
        Add(parts, notes, "note");
        if (suppressed > 0)
        {
            parts.Add($"{suppressed} suppressed");
        }

        return parts.Count == 0 ? "no findings" : string.Join(", ", parts);
    }

    /// <summary><c>LIST pods</c> with its scope, selectors and resourceVersion in a few words.</summary>
    public static string Selectors(AccessPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parts = new List<string>();
        if (pattern.FieldSelector is { Length: > 0 } f)
        {
            parts.Add("fieldSelector=" + f);
        }

        if (pattern.LabelSelector is { Length: > 0 } l)
        {
            parts.Add("labelSelector=" + l);
        }

        if (pattern.ResourceVersion is { } rv)
        {
            parts.Add("resourceVersion=" + rv);
        }

        if (pattern.Limit is { } limit)
        {
            parts.Add("limit=" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "-" : string.Join(" ", parts);
    }

    /// <summary><c>watch</c>, <c>once</c> or <c>every 60 s</c>.</summary>
    public static string Period(AccessPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.Verb == ApiVerb.Watch ? "watch"
            : pattern.PeriodSeconds is { } s ? "every " + Units.Rate(s) + " s"
            : "once";
    }

    /// <summary><c>per-node</c> (one replica per node) or <c>per-cluster</c> (a fixed replica count).</summary>
    public static string MultiplicityName(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.Multiplicity == Multiplicity.PerNode ? "per-node" : "per-cluster";
    }

    /// <summary><c> (3 once per leader)</c> when some patterns run in the elected leader only, else empty.</summary>
    public static string LeaderNote(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var leader = workload.AccessPatterns.Count(p => p.LeaderElected);
        return leader == 0 ? string.Empty : $" ({leader} once per leader)";
    }

    /// <summary>Empty for a pattern every replica makes, else <c> · once per leader</c> or <c> · 3 copies in the cluster</c>.</summary>
    public static string Copies(AccessPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.LeaderElected ? " · once per leader"
            : pattern.Replicas is { } own ? $" · {Units.Count(own)} {(own == 1 ? "copy" : "copies")} in the cluster"
            : string.Empty;
    }

    /// <summary><c>cluster</c>, <c>namespace</c>, <c>node</c> or <c>object</c>.</summary>
    public static string ScopeName(PatternScope scope) => scope.ToString().ToLowerInvariant();

    private static void Add(List<string> parts, int count, string word)
    {
        if (count > 0)
        {
            parts.Add($"{count} {word}{(count == 1 ? string.Empty : "s")}");
        }
    }
}
