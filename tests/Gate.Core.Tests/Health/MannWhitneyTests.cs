using FsCheck;
using FsCheck.Xunit;
using Gate.Core.Health;

namespace Gate.Core.Tests.Health;

public class MannWhitneyTests
{
    [Fact]
    public void GreaterThan_ScipyDocumentationExample_MatchesExactValue()
    {
        // scipy.stats.mannwhitneyu(males, females, method="exact"): U = 17, two-sided p = 0.1111 → one-sided 7/126.
        var males = new double[] { 19, 22, 16, 29, 24 };
        var females = new double[] { 20, 11, 17, 12 };

        var result = MannWhitney.GreaterThan(males, females);

        Assert.Equal(17, result.U);
        Assert.True(result.Exact);
        Assert.Equal(7.0 / 126.0, result.PValue, 12);
    }

    [Fact]
    public void GreaterThan_CompletelySeparatedThreeAndThree_IsOneTwentieth()
    {
        var result = MannWhitney.GreaterThan([4, 5, 6], [1, 2, 3]);

        Assert.Equal(9, result.U);
        Assert.Equal(0.05, result.PValue, 12);
    }

    [Fact]
    public void GreaterThan_LargeSeparatedSamples_UsesNormalApproximation()
    {
        // m = n = 25, U = 625, mean 312.5, variance 25·25/12·51 = 2656.25 → z = (625 − 312.5 − 0.5)/51.54 = 6.054.
        var high = Enumerable.Range(26, 25).Select(i => (double)i).ToArray();
        var low = Enumerable.Range(1, 25).Select(i => (double)i).ToArray();

        var result = MannWhitney.GreaterThan(high, low);

        Assert.False(result.Exact);
        Assert.Equal(625, result.U);
        Assert.Equal(1 - MannWhitney.NormalCdf((625 - 312.5 - 0.5) / Math.Sqrt(2656.25)), result.PValue, 12);
        Assert.InRange(result.PValue, 1e-10, 1e-8);
    }

    [Fact]
    public void GreaterThan_AllValuesEqual_IsNotSignificant()
    {
        var result = MannWhitney.GreaterThan([1, 1, 1, 1], [1, 1, 1]);

        Assert.Equal(6, result.U);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void GreaterThan_SameSampleWithTies_IsAboutOneHalf()
    {
        var a = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();

        var result = MannWhitney.GreaterThan(a, a);

        Assert.Equal(50, result.U);
        Assert.InRange(result.PValue, 0.5, 0.55);
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959964, 0.975)]
    [InlineData(-1.644854, 0.05)]
    public void NormalCdf_KnownQuantiles_MatchTables(double z, double expected) =>
        Assert.Equal(expected, MannWhitney.NormalCdf(z), 6);

    [Property(MaxTest = 60)]
    public void GreaterThan_SmallSamplesWithoutTies_EqualsBruteForceEnumeration(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var m = random.Next(1, 7);
        var n = random.Next(1, 7);
        var values = Enumerable.Range(0, m + n).Select(i => (double)i).OrderBy(_ => random.Next()).ToArray();
        var first = values[..m];
        var second = values[m..];

        var result = MannWhitney.GreaterThan(first, second);

        // Every way of choosing which m of the m+n ranks belong to the first sample is equally likely under H0.
        var observed = first.Sum(x => second.Count(y => x > y));
        int total = 0, atLeast = 0;
        foreach (var subset in Subsets(m + n, m))
        {
            total++;
            var others = Enumerable.Range(0, m + n).Except(subset).ToArray();
            if (subset.Sum(x => others.Count(y => x > y)) >= observed)
            {
                atLeast++;
            }
        }

        Assert.Equal(observed, result.U);
        Assert.Equal(atLeast / (double)total, result.PValue, 12);
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) == k)
            {
                yield return Enumerable.Range(0, n).Where(i => (mask & (1 << i)) != 0).ToArray();
            }
        }
    }
}
