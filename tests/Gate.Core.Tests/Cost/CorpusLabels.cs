using System.Globalization;
using System.Text.Json;
using Gate.Core.Agents;
using Gate.Testing;

namespace Gate.Core.Tests.Cost;

/// <summary>One labelled corpus case (shared/corpus/labels.json) mapped straight to a workload, bypassing ingestion.</summary>
public sealed record CorpusCase(
    string Name,
    Workload Workload,
    string Scaling,
    IReadOnlyDictionary<int, bool> ExpectedFlag,
    IReadOnlyList<string?> ServedFrom)
{
    public override string ToString() => Name;
}

/// <summary>Reads labels.json into <see cref="CorpusCase"/>s.</summary>
public static class CorpusLabels
{
    private static readonly Lazy<IReadOnlyList<CorpusCase>> Cases = new(Load);

    public static IReadOnlyList<CorpusCase> All => Cases.Value;

    public static CorpusCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>xunit member data: one row per case name.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static IReadOnlyList<CorpusCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Corpus, "labels.json")));
        return [.. doc.RootElement.EnumerateArray().Select(Map)];
    }

    private static CorpusCase Map(JsonElement c)
    {
        var name = c.GetProperty("case").GetString()!;
        var patterns = c.GetProperty("access_patterns").EnumerateArray().Select(MapPattern).ToList();
        var perNode = !c.TryGetProperty("multiplicity", out var m) || m.GetString() == "per-node";
        var workload = new Workload
        {
            Kind = "DaemonSet",
            Namespace = "agents",
            Name = name,
            Agent = c.GetProperty("agent").GetString()!,
            PatternSource = patterns.Count == 0 ? PatternSource.None : PatternSource.Catalogue,
            Multiplicity = perNode ? Multiplicity.PerNode : Multiplicity.PerCluster,
            Replicas = c.TryGetProperty("replicas", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 1,
            AccessPatterns = patterns,
        };
        var flags = c.GetProperty("expected_flag").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetBoolean());
        var served = c.GetProperty("access_patterns").EnumerateArray().Select(p => Str(p, "served_from")).ToList();
        return new CorpusCase(name, workload, c.GetProperty("scaling").GetString()!, flags, served);
    }

    private static AccessPattern MapPattern(JsonElement p) => new()
    {
        Verb = Enum.Parse<ApiVerb>(p.GetProperty("verb").GetString()!, ignoreCase: true),
        Group = Str(p, "group") ?? string.Empty,
        Resource = p.GetProperty("resource").GetString()!,
        Scope = Enum.Parse<PatternScope>(p.GetProperty("scope").GetString()!, ignoreCase: true),
        FieldSelector = Str(p, "field_selector"),
        LabelSelector = Str(p, "label_selector"),
        ResourceVersion = Str(p, "resource_version"),
        Limit = p.TryGetProperty("limit", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null,
        PeriodSeconds = p.TryGetProperty("period_s", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null,
    };

    private static string? Str(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
