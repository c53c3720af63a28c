using System.Globalization;
using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>
/// Reads declared access patterns: the DaemonSet annotation <c>gate.dev/access-patterns</c> (a YAML list) and pattern
/// files (<c>--patterns FILE</c>, <c>workloads: [{kind, namespace, name, accessPatterns: [...]}]</c>). Keys per
/// pattern: <c>verb</c>, <c>group</c>, <c>resource</c>, <c>scope</c>, <c>fieldSelector</c>, <c>labelSelector</c>,
/// <c>resourceVersion</c>, <c>periodSeconds</c>, <c>limit</c>, <c>encoding</c>, <c>reason</c>,
/// <c>replicas</c> (copies in the whole cluster), <c>leaderElected</c> (only the elected leader: one copy),
/// <c>confidence</c> (written by <c>gate profile</c>; informational).
/// </summary>
public static class DeclaredPatterns
{
    /// <summary>The annotation that declares a workload's access patterns.</summary>
    public const string Annotation = "gate.dev/access-patterns";

    private static readonly string[] KnownKeys =
        ["verb", "group", "resource", "scope", "fieldSelector", "labelSelector", "resourceVersion", "periodSeconds", "limit", "encoding", "reason", "replicas", "leaderElected", "confidence"];

    /// <summary>Parses a YAML list of patterns (the annotation value) whose positions map through <paramref name="map"/>.</summary>
    public static IReadOnlyList<AccessPattern> ParseList(string text, PositionMap map, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var root = YamlTreeReader.ReadSingle(text ?? string.Empty, map, limits);
        if (root is null)
        {
            return [];
        }

        if (root is not ManifestSequence sequence)
        {
            throw new GateUsageException($"{Annotation} must be a YAML list of patterns", root.Position, "write '- verb: list' entries");
        }

        return ParseSequence(sequence);
    }

    /// <summary>Parses the patterns of a sequence node.</summary>
    public static IReadOnlyList<AccessPattern> ParseSequence(ManifestSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return sequence.Items.Select(ParsePattern).ToList();
    }

    /// <summary>One workload entry of a pattern file.</summary>
    public sealed record FileEntry(string? Kind, string? Namespace, string Name, IReadOnlyList<AccessPattern> Patterns, SourcePosition Position);

    /// <summary>Parses a pattern file.</summary>
    public static IReadOnlyList<FileEntry> ParseFile(ManifestSource source, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= InputLimits.Default;
        if (source.Content.Length > limits.MaxBytes)
        {
            throw new GateUsageException("pattern file is larger than the input limit", SourcePosition.FileOnly(source.Path));
        }

        var text = TextDecoder.Decode(source.Content.Span, source.Path);
        var map = PositionMap.ForFile(source.Path);
        var root = (JsonTreeReader.LooksLikeJson(text) ? JsonTreeReader.ReadDocuments(text, map, limits) : YamlTreeReader.ReadDocuments(text, map, limits))
            .FirstOrDefault(d => d is not null);
        if (root is not ManifestMapping mapping || mapping["workloads"] is not ManifestSequence workloads)
        {
            throw new GateUsageException(
                "a pattern file needs a 'workloads' list",
                root?.Position ?? map.Map(1, 1),
                "see docs/agents.md, 'Declaring access patterns'");
        }

        var entries = new List<FileEntry>();
        foreach (var item in workloads.Items)
        {
            if (item is not ManifestMapping workload || workload.GetString("name") is not { Length: > 0 } name)
            {
                throw new GateUsageException("each workload entry needs a name", item.Position, "add name: <DaemonSet name>");
            }

            if (workload["accessPatterns"] is not ManifestSequence patterns)
            {
                throw new GateUsageException($"workload {name} needs an accessPatterns list", workload.Position);
            }

            entries.Add(new FileEntry(workload.GetString("kind"), workload.GetString("namespace"), name, ParseSequence(patterns), workload.Position));
        }

        return entries;
    }

    private static AccessPattern ParsePattern(ManifestNode node)
    {
        if (node is not ManifestMapping p)
        {
            throw new GateUsageException("an access pattern must be a mapping", node.Position, "e.g. {verb: list, resource: pods, scope: node}");
        }

        foreach (var key in p.Entries.Where(e => !KnownKeys.Contains(e.Key.Value, StringComparer.Ordinal)))
        {
            throw new GateUsageException($"unknown access-pattern key '{key.Key.Value}'", key.Key.Position, "keys: " + string.Join(", ", KnownKeys));
        }

        var verb = ParseEnum<ApiVerb>(p, "verb", required: true);
        var resource = p.GetString("resource");
        if (string.IsNullOrWhiteSpace(resource))
        {
            throw new GateUsageException("access pattern has no resource", p.Position, "add resource: pods (plural, lower case)");
        }

        var field = p.GetString("fieldSelector");
        var scope = p["scope"] is null ? Patterns.ScopeOf(resource, field, null) : ParseEnum<PatternScope>(p, "scope", required: true);
        var period = ParseNumber(p, "periodSeconds");
        if (period is <= 0)
        {
            throw new GateUsageException("periodSeconds must be positive", p.PositionOf("periodSeconds"));
        }

        if (verb == ApiVerb.Watch && period is not null)
        {
            throw new GateUsageException("a watch has no periodSeconds", p.PositionOf("periodSeconds"), "remove periodSeconds or use verb: list");
        }

        var limit = ParseNumber(p, "limit");
        var replicas = ParseNumber(p, "replicas");
        if (replicas is { } r && (r < 1 || r != Math.Floor(r)))
        {
            throw new GateUsageException("replicas must be a whole number of at least 1", p.PositionOf("replicas"), "omit it when every replica of the workload makes the request");
        }

        var leader = p.GetString("leaderElected") is { } flag
            && (bool.TryParse(flag.Trim(), out var elected)
                ? elected
                : throw new GateUsageException($"leaderElected must be true or false, not '{flag}'", p.PositionOf("leaderElected")));
        return new AccessPattern
        {
            Replicas = replicas is null ? (leader ? 1 : null) : (int)replicas,
            LeaderElected = leader,
            Verb = verb,
            Group = p.GetString("group") ?? string.Empty,
            Resource = resource.Trim(),
            Scope = scope,
            FieldSelector = field,
            LabelSelector = p.GetString("labelSelector"),
            ResourceVersion = p.GetString("resourceVersion"),
            PeriodSeconds = period,
            Limit = limit is null ? null : (int)limit,
            Encoding = p["encoding"] is null ? WireEncoding.Json : ParseEnum<WireEncoding>(p, "encoding", required: true),
            Origin = p.Position,
            Reason = p.GetString("reason") ?? "declared",
        };
    }

    private static T ParseEnum<T>(ManifestMapping p, string key, bool required)
        where T : struct, Enum
    {
        var text = p.GetString(key);
        if (text is not null && Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && !int.TryParse(text, out _))
        {
            return value;
        }

        var allowed = string.Join("|", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw new GateUsageException(
            text is null ? $"access pattern has no {key}" : $"invalid {key} '{text}'",
            p.KeyNode(key)?.Position ?? p.Position,
            required ? $"{key}: {allowed}" : null);
    }

    private static double? ParseNumber(ManifestMapping p, string key)
    {
        var text = p.GetString(key);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new GateUsageException($"{key} must be a number, not '{text}'", p.PositionOf(key));
    }
}
