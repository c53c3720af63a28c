using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

public sealed class ScalingFitTests
{
    private static IReadOnlyList<(double Nodes, double Cost)> Series(Func<double, double> cost) =>
        [.. ReferenceCluster.Sizes.Select(n => ((double)n, cost(n)))];

    [Fact]
    public void Fit_ConstantCost_IsO1()
    {
        Assert.Equal(ScalingFit.Constant, ScalingFit.Fit(Series(_ => 42)));
    }

    [Fact]
    public void Fit_LinearWithLargeOffset_IsON()
    {
        Assert.Equal(ScalingFit.Linear, ScalingFit.Fit(Series(n => 1e6 + (300 * n))));
    }

    [Fact]
    public void Fit_QuadraticWithSmallConstant_IsON2()
    {
        // Vector's shape: a large per-node term plus a small namespace list from every node.
        Assert.Equal(ScalingFit.Quadratic, ScalingFit.Fit(Series(n => (258_900 * n) + (100 * n * n))));
    }

    [Fact]
    public void Fit_AllZero_IsO1()
    {
        Assert.Equal(ScalingFit.Constant, ScalingFit.Fit(Series(_ => 0)));
        Assert.Equal(0, ScalingFit.Exponent(Series(_ => 0)));
    }

    [Fact]
    public void Exponent_UsesTheTwoLargestPositiveSizes()
    {
        var exponent = ScalingFit.Exponent([(100, 5), (1_000, 0), (5_000, 25), (15_000, 225)]);

        Assert.Equal(2.0, exponent, 9);
    }

    [Theory]
    [InlineData(0.49, "O(1)")]
    [InlineData(0.5, "O(N)")]
    [InlineData(1.49, "O(N)")]
    [InlineData(1.5, "O(N^2)")]
    [InlineData(2.7, "O(N^2)")]
    public void Classify_Exponent_RoundsToNearestOrder(double exponent, string expected)
    {
        Assert.Equal(expected, ScalingFit.Classify(exponent));
    }

    [Fact]
    public void Max_TwoClasses_TheMoreExpensive()
    {
        Assert.Equal(ScalingFit.Quadratic, ScalingFit.Max(ScalingFit.Linear, ScalingFit.Quadratic));
        Assert.Equal(ScalingFit.Linear, ScalingFit.Max(ScalingFit.Linear, ScalingFit.Constant));
        Assert.Throws<ArgumentException>(() => ScalingFit.Rank("O(N^3)"));
    }
}
