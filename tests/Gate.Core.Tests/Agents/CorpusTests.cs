using System.Globalization;
using Gate.Core.Agents;
using Gate.Testing.Corpus;

namespace Gate.Core.Tests.Agents;

/// <summary>Every corpus case: the discovered access patterns equal labels.json.</summary>
public sealed class CorpusTests
{
    public static TheoryData<string> CaseNames() => LabelledCorpus.ReferenceNames();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Discover_CorpusCase_PatternsEqualLabels(string caseName)
    {
        var label = CorpusLoader.Case(caseName);
        var result = WorkloadDiscovery.Discover(CorpusLoader.Sources(caseName));

        var workload = Assert.Single(result.Workloads);
        var expected = label.Patterns.Select(FromLabel).Order(StringComparer.Ordinal).ToList();
        var actual = workload.AccessPatterns.Where(p => CorpusLoader.LabelledResources.Contains(p.Resource)).Select(FromPattern).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);

        Assert.Equal(label.PerNode ? Multiplicity.PerNode : Multiplicity.PerCluster, workload.Multiplicity);
        if (!label.PerNode)
        {
            Assert.Equal(label.Replicas, workload.Replicas);
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

    /// <summary>
    /// The corpus's <c>served_from</c> on its reference cluster (v1.32, Gate's default profile): GETs without a
    /// resourceVersion go to etcd; a paginated LIST without one gets its first page from the watch cache from v1.31
    /// (docs/apiserver-cost.md §3), so it counts as cached like an unpaginated one.
    /// </summary>
    internal static string ServedFrom(AccessPattern p) =>
        p.ResourceVersion is null && p.Verb == ApiVerb.Get ? "etcd" : "cache";

    private static string FromPattern(AccessPattern p) => Key(
        p.Verb.ToString().ToLowerInvariant(), p.Group, p.Resource, p.Scope.ToString().ToLowerInvariant(), p.FieldSelector, p.LabelSelector,
        p.ResourceVersion, p.PeriodSeconds, ServedFrom(p));

    private static string FromLabel(LabelledPattern e) => Key(
        e.Verb, e.Group, e.Resource, e.Scope, e.FieldSelector, e.LabelSelector, e.ResourceVersion, e.PeriodSeconds, e.ServedFrom);

    private static string Key(string verb, string group, string resource, string scope, string? field, string? label, string? rv, double? period, string served) =>
        string.Join(" | ", verb, group, resource, scope, field ?? "-", label ?? "-", rv ?? "-", period?.ToString(CultureInfo.InvariantCulture) ?? "-", served);
}
