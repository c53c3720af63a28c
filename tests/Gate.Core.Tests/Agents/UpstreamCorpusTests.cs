using System.Globalization;
using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Policies;
using Gate.Testing.Corpus;

namespace Gate.Core.Tests.Agents;

/// <summary>
/// The upstream corpus (tests/corpus/upstream): manifests copied unchanged from upstream repositories. Gate's
/// discovery finds the labelled patterns, and `gate check` with the default policy reaches the labelled verdict at
/// 1,000 and 5,000 nodes.
/// </summary>
public sealed class UpstreamCorpusTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in LabelledCorpus.Upstream())
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static TheoryData<string, int> CaseSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in LabelledCorpus.Upstream())
        {
            data.Add(c.Name, 1000);
            data.Add(c.Name, 5000);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Discover_UpstreamCase_PatternsEqualLabels(string caseName)
    {
        var label = Case(caseName);

        var workload = LabelledWorkload(label);

        var expected = label.Patterns.Select(FromLabel).Order(StringComparer.Ordinal).ToList();
        var actual = workload.AccessPatterns.Where(p => ReferenceLabeller.ModelledResources.Contains(p.Resource))
            .Select(FromPattern).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(label.PerNode ? Multiplicity.PerNode : Multiplicity.PerCluster, workload.Multiplicity);
    }

    [Theory]
    [MemberData(nameof(CaseSizes))]
    public void Check_UpstreamCase_DefaultPolicyVerdictEqualsLabel(string caseName, int nodes)
    {
        var label = Case(caseName);
        var workload = LabelledWorkload(label);

        var report = CostModel.Estimate([workload], ClusterProfiles.ForNodes(nodes));
        var check = PolicyEvaluator.Evaluate(report, Fixtures.DefaultPolicy);

        Assert.True(label.ExpectedFlag.ContainsKey(nodes), $"{caseName} has no expected_flag for {nodes} nodes");
        Assert.True(
            label.ExpectedFlag[nodes] == !check.Passed,
            $"{caseName} at {nodes} nodes: labelled {(label.ExpectedFlag[nodes] ? "breaks" : "safe")}, gate check {(check.Passed ? "passed" : "failed")}: "
            + string.Join("; ", check.Findings.Select(f => f.ToString())));
    }

    [Fact]
    public void Upstream_Corpus_EveryFileHasASource()
    {
        foreach (var c in LabelledCorpus.Upstream())
        {
            var sources = File.ReadAllLines(Path.Combine(c.Folder, "SOURCES"))
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToList();
            Assert.All(sources, s => Assert.True(s.Length == 4 && s[3].Length == 40, $"{c.Name}/SOURCES: '<file> <owner/repo> <path> <commit>' expected, got '{string.Join(' ', s)}'"));
            var named = sources.Select(s => s[0]).ToHashSet(StringComparer.Ordinal);
            foreach (var file in LabelledCorpus.Sources(c))
            {
                Assert.Contains(file.Path[(c.Name.Length + 1)..], named);
            }
        }
    }

    /// <summary>The labelled workload: the case's <c>workload</c> (namespace/name) or its single workload.</summary>
    private static Workload LabelledWorkload(LabelledCase label)
    {
        var result = WorkloadDiscovery.Discover(LabelledCorpus.Sources(label));
        return label.Workload is { } name
            ? Assert.Single(result.Workloads, w => $"{w.Namespace}/{w.Name}" == name)
            : Assert.Single(result.Workloads);
    }

    private static LabelledCase Case(string name) => LabelledCorpus.Upstream().Single(c => c.Name == name);

    private static string FromPattern(AccessPattern p) => Key(
        p.Verb.ToString().ToLowerInvariant(), p.Group, p.Resource, p.Scope.ToString().ToLowerInvariant(), p.FieldSelector, p.LabelSelector,
        p.ResourceVersion, p.Limit, p.PeriodSeconds, CorpusTests.ServedFrom(p), p.LeaderElected ? "1" : p.Replicas?.ToString(CultureInfo.InvariantCulture));

    private static string FromLabel(LabelledPattern e) => Key(
        e.Verb, e.Group, e.Resource, e.Scope, e.FieldSelector, e.LabelSelector, e.ResourceVersion, e.Limit, e.PeriodSeconds, e.ServedFrom,
        e.Replicas is null or LabelledPattern.PerNode ? null : e.Replicas.Value.ToString(CultureInfo.InvariantCulture));

    private static string Key(string verb, string group, string resource, string scope, string? field, string? label, string? rv, int? limit, double? period, string served, string? replicas) =>
        string.Join(" | ", verb, group, resource, scope, field ?? "-", label ?? "-", rv ?? "-", "limit " + (limit?.ToString(CultureInfo.InvariantCulture) ?? "-"), period?.ToString(CultureInfo.InvariantCulture) ?? "-", served, replicas ?? "-");
}
