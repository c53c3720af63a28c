using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gate.Core.Health;

/// <summary>Substitutes the <c>$placeholders</c> of a signal's PromQL.</summary>
public static partial class HealthQueryTemplate
{
    /// <summary>
    /// Replaces <c>$window</c>, <c>$job</c>, <c>$namespace</c>, <c>$daemonset</c>, <c>$pods</c>, <c>$nodes</c> and
    /// <c>$flow_schema</c>, and for a per-watch metric <c>$resource</c>, <c>$group</c> and <c>$kind</c> of
    /// <paramref name="watch"/>. Pod and node names become an alternation of regex-escaped names (for <c>=~</c>).
    /// </summary>
    public static string Render(string template, HealthSettings settings, CanaryContext? canary, string? flowSchema = null, CanaryWatch? watch = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(settings);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["window"] = Duration(settings.RateWindow),
            ["job"] = settings.ApiServerJob,
            ["namespace"] = canary?.Namespace ?? string.Empty,
            ["daemonset"] = canary?.DaemonSet ?? string.Empty,
            ["pods"] = Alternation(canary?.Pods ?? []),
            ["nodes"] = Alternation(canary?.Nodes ?? []),
            ["flow_schema"] = flowSchema ?? string.Empty,
            ["resource"] = Safe(watch?.Resource),
            ["group"] = Safe(watch?.Group),
            ["kind"] = Safe(watch?.Kind),
        };

        // Longest names first so $namespace is not read as $n… of a shorter name.
        var sb = new StringBuilder(template);
        foreach (var (name, value) in values.OrderByDescending(p => p.Key.Length))
        {
            sb.Replace("$" + name, value);
        }

        return sb.ToString();
    }

    /// <summary>A Prometheus duration: <c>90s</c>, <c>5m</c>, <c>1h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Round(span.TotalSeconds);
        return seconds % 3600 == 0 && seconds > 0 ? (seconds / 3600).ToString(CultureInfo.InvariantCulture) + "h"
            : seconds % 60 == 0 && seconds > 0 ? (seconds / 60).ToString(CultureInfo.InvariantCulture) + "m"
            : seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }

    // Kubernetes names are DNS labels/subdomains; anything else is dropped so a name cannot break out of the PromQL
    // string. A '.' left unescaped matches itself too, and escaping it would need a PromQL-level backslash.
    private static string Alternation(IReadOnlyList<string> names) =>
        names.Count == 0 ? "^$" : string.Join('|', names.Order(StringComparer.Ordinal).Select(n => UnsafeName().Replace(n, string.Empty)));

    private static string Safe(string? name) => name is null ? string.Empty : UnsafeName().Replace(name, string.Empty);

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeName();
}
