using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

/// <summary>Priority-level limits against the table of docs/apiserver-cost.md (API Priority and Fairness) (600 seats, share sum 245).</summary>
public sealed class ApfConfigurationTests
{
    [Theory]
    [InlineData("system", 74, 24, 50, 10)]
    [InlineData("node-high", 98, 25, 73, 10)]
    [InlineData("leader-election", 25, 0, 25, 4)]
    [InlineData("workload-high", 98, 49, 49, 10)]
    [InlineData("workload-low", 245, 221, 24, 10)]
    [InlineData("global-default", 49, 25, 24, 8)]
    [InlineData("catch-all", 13, 0, 13, 10)]
    public void Limits_DefaultInflight_MatchReferenceTable(string level, int nominal, int lendable, int minimum, int maxSeats)
    {
        var limits = ApfConfiguration.Limits(600, level);

        Assert.Equal(nominal, limits.NominalSeats);
        Assert.Equal(lendable, limits.LendableSeats);
        Assert.Equal(minimum, limits.MinimumSeats);
        Assert.Equal(maxSeats, limits.MaxSeatsPerRequest);
    }

    [Fact]
    public void Limits_WorkloadLowAtDefaults_BorrowsUpToWhatOthersLend()
    {
        var limits = ApfConfiguration.Limits(new ApiServerCapacity());

        // 245 nominal + lendable 24 (system) + 25 (node-high) + 49 (workload-high) + 25 (global-default).
        Assert.Equal(368, limits.BorrowingCeilingSeats);
        Assert.Equal(6 * 50, limits.QueueCapacityPerFlow);
        Assert.Equal(128 * 50, limits.QueueCapacity);
    }

    [Fact]
    public void Limits_LimitedInflight150_WorkloadLowNominal62Ceiling94()
    {
        var limits = ApfConfiguration.Limits(new ApiServerCapacity { MaxRequestsInflight = 100, MaxMutatingRequestsInflight = 50 });

        Assert.Equal(62, limits.NominalSeats);
        Assert.Equal(94, limits.BorrowingCeilingSeats);
    }

    [Fact]
    public void Limits_NominalSeatsOverAllLevels_SumToAboutTheServerLimit()
    {
        var sum = ApfConfiguration.LevelNames.Sum(l => ApfConfiguration.Limits(600, l).NominalSeats);

        Assert.Equal(602, sum);
    }

    [Fact]
    public void Limits_UnknownLevel_Throws()
    {
        Assert.Throws<ArgumentException>(() => ApfConfiguration.Limits(600, "no-such-level"));
    }
}
