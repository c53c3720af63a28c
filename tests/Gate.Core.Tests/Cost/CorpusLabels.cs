using Gate.Core.Agents;
using Gate.Testing.Corpus;

namespace Gate.Core.Tests.Cost;

/// <summary>One labelled corpus case (tests/corpus/reference/labels.json) mapped straight to a workload, bypassing ingestion.</summary>
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
    public static TheoryData<string> Names() => LabelledCorpus.ReferenceNames();

    private static IReadOnlyList<CorpusCase> Load() => [.. LabelledCorpus.Reference.Select(Map)];

    private static CorpusCase Map(LabelledCase c)
    {
        var patterns = c.Patterns.Select(MapPattern).ToList();
        var workload = new Workload
        {
            Kind = "DaemonSet",
            Namespace = "agents",
            Name = c.Name,
            Agent = c.Agent,
            PatternSource = patterns.Count == 0 ? PatternSource.None : PatternSource.Catalogue,
            Multiplicity = c.PerNode ? Multiplicity.PerNode : Multiplicity.PerCluster,
            Replicas = c.Replicas,
            AccessPatterns = patterns,
        };
        return new CorpusCase(c.Name, workload, c.Scaling, c.ExpectedFlag, [.. c.Patterns.Select(p => p.ServedFrom)]);
    }

    private static AccessPattern MapPattern(LabelledPattern p) => new()
    {
        Verb = Enum.Parse<ApiVerb>(p.Verb, ignoreCase: true),
        Group = p.Group,
        Resource = p.Resource,
        Scope = Enum.Parse<PatternScope>(p.Scope, ignoreCase: true),
        FieldSelector = p.FieldSelector,
        LabelSelector = p.LabelSelector,
        ResourceVersion = p.ResourceVersion,
        Limit = p.Limit,
        PeriodSeconds = p.PeriodSeconds,
    };
}
