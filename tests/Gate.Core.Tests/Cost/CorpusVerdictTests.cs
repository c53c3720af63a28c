using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

/// <summary>The model's default-budget verdict and scaling class agree with the labelled corpus on every case.</summary>
public sealed class CorpusVerdictTests
{
    [Theory]
    [MemberData(nameof(CorpusLabels.Names), MemberType = typeof(CorpusLabels))]
    public void Estimate_CorpusCase_BudgetVerdictMatchesExpectedFlagAtEverySize(string name)
    {
        var corpusCase = CorpusLabels.Get(name);

        var verdicts = ReferenceCluster.Sizes.ToDictionary(
            n => n,
            n => CostModel.Estimate(corpusCase.Workload, ClusterProfiles.ForNodes(n)).Budget!.Exceeded);

        Assert.Equal(corpusCase.ExpectedFlag.OrderBy(k => k.Key), verdicts.OrderBy(k => k.Key));
    }

    [Theory]
    [MemberData(nameof(CorpusLabels.Names), MemberType = typeof(CorpusLabels))]
    public void Estimate_CorpusCase_ScalingClassMatchesLabel(string name)
    {
        var corpusCase = CorpusLabels.Get(name);

        var estimate = CostModel.Estimate(corpusCase.Workload, ClusterProfiles.Large);

        Assert.Equal(corpusCase.Scaling, estimate.Scaling);
    }

    [Theory]
    [MemberData(nameof(CorpusLabels.Names), MemberType = typeof(CorpusLabels))]
    public void Estimate_CorpusCase_ServedFromMatchesLabel(string name)
    {
        var corpusCase = CorpusLabels.Get(name);

        var estimate = CostModel.Estimate(corpusCase.Workload, ClusterProfiles.Medium);

        var expected = corpusCase.ServedFrom.Select(s => s == "etcd" ? "etcd" : "watch-cache");
        Assert.Equal(expected, estimate.Patterns.Select(p => p.ServedFrom));
    }

    [Theory]
    [MemberData(nameof(CorpusLabels.Names), MemberType = typeof(CorpusLabels))]
    public void Estimate_CorpusCase_BreakEvenLiesBetweenLastSafeAndFirstFlaggedSize(string name)
    {
        var corpusCase = CorpusLabels.Get(name);
        var firstFlagged = corpusCase.ExpectedFlag.Where(f => f.Value).Select(f => (int?)f.Key).Min();

        var estimate = CostModel.Estimate(corpusCase.Workload, ClusterProfiles.Small);

        if (firstFlagged is null)
        {
            Assert.Null(estimate.BreakEvenNodes);
        }
        else
        {
            var lastSafe = ReferenceCluster.Sizes.Where(n => n < firstFlagged).DefaultIfEmpty(0).Max();
            Assert.InRange(estimate.BreakEvenNodes!.Value, lastSafe + 1, firstFlagged.Value);
        }
    }
}
