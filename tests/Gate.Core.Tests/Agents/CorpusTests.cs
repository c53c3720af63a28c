using System.Globalization;
using System.Text.Json;
using Gate.Core.Agents;

namespace Gate.Core.Tests.Agents;

/// <summary>Every corpus case: the discovered access patterns equal labels.json.</summary>
public sealed class CorpusTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in CorpusLoader.Cases())
        {
            data.Add(c.GetProperty("case").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Discover_CorpusCase_PatternsEqualLabels(string caseName)
    {
        var label = CorpusLoader.Case(caseName);
        var result = WorkloadDiscovery.Discover(CorpusLoader.Sources(caseName));

        var workload = Assert.Single(result.Workloads);
        var expected = label.GetProperty("access_patterns").EnumerateArray().Select(FromLabel).Order(StringComparer.Ordinal).ToList();
        var actual = workload.AccessPatterns.Where(p => CorpusLoader.LabelledResources.Contains(p.Resource)).Select(FromPattern).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);

        var multiplicity = label.GetProperty("multiplicity").GetString() == "per-node" ? Multiplicity.PerNode : Multiplicity.PerCluster;
        Assert.Equal(multiplicity, workload.Multiplicity);
        if (label.TryGetProperty("replicas", out var replicas) && replicas.ValueKind == JsonValueKind.Number)
        {
            Assert.Equal(replicas.GetInt32(), workload.Replicas);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Discover_CorpusCase_EveryPatternHasAnOriginInTheCase(string caseName)
    {
        var workload = Assert.Single(WorkloadDiscovery.Discover(CorpusLoader.Sources(caseName)).Workloads);

        Assert.All(workload.AccessPatterns, p =>
        {
            Assert.NotNull(p.Origin);
            Assert.StartsWith(caseName + "/", p.Origin!.File, StringComparison.Ordinal);
            Assert.True(p.Origin.Line > 0, p.Origin.ToString());
        });
    }

    /// <summary>The corpus's <c>served_from</c>: GETs and paginated LISTs without a resourceVersion go to etcd.</summary>
    internal static string ServedFrom(AccessPattern p) =>
        p.ResourceVersion is null && (p.Verb == ApiVerb.Get || (p.Verb == ApiVerb.List && p.Limit is not null)) ? "etcd" : "cache";

    private static string FromPattern(AccessPattern p) => Key(
        p.Verb.ToString().ToLowerInvariant(), p.Group, p.Resource, p.Scope.ToString().ToLowerInvariant(), p.FieldSelector, p.LabelSelector,
        p.ResourceVersion, p.PeriodSeconds, ServedFrom(p));

    private static string FromLabel(JsonElement e) => Key(
        e.GetProperty("verb").GetString()!, e.GetProperty("group").GetString()!, e.GetProperty("resource").GetString()!,
        e.GetProperty("scope").GetString()!, Str(e, "field_selector"), Str(e, "label_selector"), Str(e, "resource_version"),
        e.GetProperty("period_s").ValueKind == JsonValueKind.Number ? e.GetProperty("period_s").GetDouble() : null,
        e.GetProperty("served_from").GetString()!);

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.String ? e.GetProperty(name).GetString() : null;

    private static string Key(string verb, string group, string resource, string scope, string? field, string? label, string? rv, double? period, string served) =>
        string.Join(" | ", verb, group, resource, scope, field ?? "-", label ?? "-", rv ?? "-", period?.ToString(CultureInfo.InvariantCulture) ?? "-", served);
}
