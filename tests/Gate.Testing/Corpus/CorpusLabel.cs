using System.Globalization;
using System.Text.Json;

namespace Gate.Testing.Corpus;

/// <summary>
/// One labelled access pattern of a corpus case, as written by hand from the agent's source before Gate is run
/// (tests/corpus/README.md lists the keys).
/// </summary>
public sealed record LabelledPattern
{
    public required string Verb { get; init; }

    public string Group { get; init; } = string.Empty;

    public required string Resource { get; init; }

    public required string Scope { get; init; }

    public string? FieldSelector { get; init; }

    public string? LabelSelector { get; init; }

    public string? ResourceVersion { get; init; }

    public int? Limit { get; init; }

    public double? PeriodSeconds { get; init; }

    /// <summary><c>cache</c> or <c>etcd</c>.</summary>
    public string ServedFrom { get; init; } = "cache";

    /// <summary>The pattern's own count: <c>null</c> = the case's multiplicity; <c>-1</c> = per node; else that many copies.</summary>
    public int? Replicas { get; init; }

    /// <summary>The value that marks a per-node pattern in <see cref="Replicas"/>.</summary>
    public const int PerNode = -1;
}

/// <summary>One labelled corpus case: the expected patterns and, per reference size, whether the config breaks it.</summary>
public sealed record LabelledCase
{
    public required string Name { get; init; }

    public required string Agent { get; init; }

    /// <summary>True for a DaemonSet (one replica per node), false for a fixed number of replicas.</summary>
    public bool PerNode { get; init; } = true;

    /// <summary>Replicas of a per-cluster workload.</summary>
    public int Replicas { get; init; } = 1;

    public required IReadOnlyList<LabelledPattern> Patterns { get; init; }

    /// <summary><c>O(1)</c>, <c>O(N)</c> or <c>O(N^2)</c>.</summary>
    public required string Scaling { get; init; }

    /// <summary>Reference size in nodes → does the config break a cluster of that size.</summary>
    public required IReadOnlyDictionary<int, bool> ExpectedFlag { get; init; }

    public int? SafeUpToNodes { get; init; }

    /// <summary>The folder holding the case's manifests.</summary>
    public required string Folder { get; init; }

    /// <summary>The labelled workload as <c>namespace/name</c> when the folder holds more than one; null otherwise.</summary>
    public string? Workload { get; init; }

    public override string ToString() => Name;

    /// <summary>Reads one case object of <c>labels.json</c> (or a <c>case.json</c>); <paramref name="folder"/> holds its manifests.</summary>
    public static LabelledCase Parse(JsonElement c, string folder)
    {
        var name = c.GetProperty("case").GetString()!;
        return new LabelledCase
        {
            Name = name,
            Agent = Str(c, "agent") ?? name,
            PerNode = Str(c, "multiplicity") is null or "per-node",
            Replicas = c.TryGetProperty("replicas", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 1,
            Patterns = [.. c.GetProperty("access_patterns").EnumerateArray().Select(ParsePattern)],
            Scaling = Str(c, "scaling") ?? string.Empty,
            ExpectedFlag = c.TryGetProperty("expected_flag", out var flags) && flags.ValueKind == JsonValueKind.Object
                ? flags.EnumerateObject().ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetBoolean())
                : new Dictionary<int, bool>(),
            SafeUpToNodes = c.TryGetProperty("safe_up_to_nodes", out var safe) && safe.ValueKind == JsonValueKind.Number ? safe.GetInt32() : null,
            Folder = folder,
            Workload = Str(c, "workload"),
        };
    }

    private static LabelledPattern ParsePattern(JsonElement p) => new()
    {
        Verb = p.GetProperty("verb").GetString()!,
        Group = Str(p, "group") ?? string.Empty,
        Resource = p.GetProperty("resource").GetString()!,
        Scope = p.GetProperty("scope").GetString()!,
        FieldSelector = Str(p, "field_selector"),
        LabelSelector = Str(p, "label_selector"),
        ResourceVersion = Str(p, "resource_version"),
        Limit = Number(p, "limit") is { } limit ? (int)limit : null,
        PeriodSeconds = Number(p, "period_s"),
        ServedFrom = Str(p, "served_from") ?? "cache",
        Replicas = p.TryGetProperty("replicas", out var r) ? r.ValueKind switch
        {
            JsonValueKind.Number => r.GetInt32(),
            JsonValueKind.String when r.GetString() == "per-node" => LabelledPattern.PerNode,
            _ => null,
        } : null,
    };

    private static string? Str(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Number(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
