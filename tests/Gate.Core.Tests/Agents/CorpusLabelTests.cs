using Gate.Testing.Corpus;

namespace Gate.Core.Tests.Agents;

/// <summary>
/// Every label of both corpora is what the labelling rule (tests/corpus/README.md, <see cref="ReferenceLabeller"/>)
/// computes from the case's hand-written patterns, so a verdict in the corpus can be reproduced and argued with.
/// </summary>
public sealed class CorpusLabelTests
{
    public static TheoryData<string, string> AllCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in LabelledCorpus.Reference)
        {
            data.Add("reference", c.Name);
        }

        foreach (var c in LabelledCorpus.Upstream())
        {
            data.Add("upstream", c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void ExpectedFlag_EveryCase_EqualsTheLabellingRule(string corpus, string name)
    {
        var labelled = Find(corpus, name);

        var computed = ReferenceLabeller.Flags(labelled);

        Assert.Equal(
            ReferenceLabeller.Sizes.Select(n => $"{n}:{computed[n]}"),
            ReferenceLabeller.Sizes.Select(n => $"{n}:{(labelled.ExpectedFlag.TryGetValue(n, out var f) ? f.ToString() : "missing")}"));
        Assert.Equal(ReferenceLabeller.SafeUpTo(labelled), labelled.SafeUpToNodes);
        Assert.Equal(ReferenceLabeller.Scaling(labelled), labelled.Scaling);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Verdict_EveryCase_AtLeastTwiceAwayFromTheBudget(string corpus, string name)
    {
        Assert.Empty(ReferenceLabeller.Borderline(Find(corpus, name)));
    }

    [Fact]
    public void Verdict_ClusterWidePodListEveryMinuteFromEveryNode_BreaksFromOneThousandNodes()
    {
        var poller = Case(new LabelledPattern { Verb = "list", Resource = "pods", Scope = "cluster", PeriodSeconds = 60 });

        // 30,000 pods × 8.4 KB / 60 s ≈ 4.2 MB/s per node; × 1,000 nodes ≫ 10 % of 24 cores × 76 MB/s (182 MB/s).
        Assert.Equal([false, true, true, true], ReferenceLabeller.Sizes.Select(n => ReferenceLabeller.Verdict(poller, n).Breaks));
        Assert.Equal("O(N^2)", ReferenceLabeller.Scaling(poller));
        Assert.Equal(100, ReferenceLabeller.SafeUpTo(poller));
    }

    [Fact]
    public void Verdict_NodeScopedPodInformer_SafeAtEverySize()
    {
        var informer = Case(
            new LabelledPattern { Verb = "list", Resource = "pods", Scope = "node", FieldSelector = "spec.nodeName=$(NODE)", ResourceVersion = "0" },
            new LabelledPattern { Verb = "watch", Resource = "pods", Scope = "node", FieldSelector = "spec.nodeName=$(NODE)" });

        Assert.All(ReferenceLabeller.Sizes, n => Assert.False(ReferenceLabeller.Verdict(informer, n).Breaks));
        Assert.Equal("O(N)", ReferenceLabeller.Scaling(informer));
        Assert.Equal(15_000, ReferenceLabeller.SafeUpTo(informer));
    }

    [Fact]
    public void Verdict_PaginatedListServedFromEtcd_ReadsTheWholeResourceWhateverTheSelector()
    {
        var fromCache = new LabelledPattern { Verb = "list", Resource = "pods", Scope = "node", FieldSelector = "spec.nodeName=$(NODE)", Limit = 500, PeriodSeconds = 60 };

        var cached = ReferenceLabeller.Verdict(Case(fromCache), 5_000);
        var etcd = ReferenceLabeller.Verdict(Case(fromCache with { ServedFrom = "etcd" }), 5_000);

        Assert.False(cached.Breaks);
        Assert.True(etcd.Breaks);
        Assert.Equal(30 * 5_000 / 30.0, etcd.Ratio / cached.Ratio, precision: 6);
    }

    [Fact]
    public void Verdict_PatternOfTheElectedLeaderOnly_CountsOnce()
    {
        var watch = new LabelledPattern { Verb = "list", Resource = "pods", Scope = "cluster", ResourceVersion = "0" };

        var everyNode = ReferenceLabeller.Verdict(Case(watch), 5_000);
        var leader = ReferenceLabeller.Verdict(Case(watch with { Replicas = 1 }), 5_000);

        Assert.True(everyNode.Breaks);
        Assert.False(leader.Breaks);
        Assert.Equal(5_000, everyNode.Ratio / leader.Ratio, precision: 6);
    }

    [Fact]
    public void Verdict_PerNodePatternOfADeployment_CountsEveryNode()
    {
        var lease = new LabelledPattern { Verb = "get", Resource = "leases", Scope = "object", PeriodSeconds = 2, Replicas = LabelledPattern.PerNode };
        var deployment = Case(lease) with { PerNode = false, Replicas = 2 };

        Assert.Equal(1_000 * 400 / 2.0, ReferenceLabeller.Verdict(deployment, 1_000).Ratio * 24 * ReferenceLabeller.BytesPerCoreSecond * ReferenceLabeller.BudgetShare, precision: 3);
    }

    private static LabelledCase Find(string corpus, string name) =>
        (corpus == "reference" ? LabelledCorpus.Reference : LabelledCorpus.Upstream()).Single(c => c.Name == name);

    private static LabelledCase Case(params LabelledPattern[] patterns) => new()
    {
        Name = "test",
        Agent = "test",
        Patterns = patterns,
        Scaling = string.Empty,
        ExpectedFlag = new Dictionary<int, bool>(),
        Folder = ".",
    };
}
