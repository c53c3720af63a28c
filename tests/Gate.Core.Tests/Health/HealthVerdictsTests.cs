using Gate.Core.Health;

namespace Gate.Core.Tests.Health;

public class HealthVerdictsTests
{
    private static readonly HealthWindow Window = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(5));

    private static SignalVerdict Signal(string id, HealthOutcome outcome, bool required = true) =>
        new() { Signal = id, Title = id, Unit = "count", Outcome = outcome, Reason = "r", Required = required };

    [Fact]
    public void Combine_AllPass_Passes()
    {
        var v = HealthVerdicts.Combine([Signal("a", HealthOutcome.Pass), Signal("b", HealthOutcome.Pass)], null, Window, null, 2, 1, "s");

        Assert.Equal(HealthOutcome.Pass, v.Outcome);
        Assert.Equal(0, v.ConsecutiveInconclusive);
        Assert.Equal(0, v.ExitCode);
    }

    [Fact]
    public void Combine_AFailAndAnInconclusive_Fails()
    {
        var v = HealthVerdicts.Combine([Signal("a", HealthOutcome.Inconclusive), Signal("b", HealthOutcome.Fail)], null, Window, null, 2, 0, "s");

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Equal("failed: b", v.Reason);
        Assert.Equal(1, v.ExitCode);
    }

    [Theory]
    [InlineData(0, HealthOutcome.Inconclusive, 1)]
    [InlineData(1, HealthOutcome.Inconclusive, 2)]
    [InlineData(2, HealthOutcome.Fail, 3)]
    public void Combine_InconclusiveInARow_FailsPastTheLimit(int previous, HealthOutcome expected, int inARow)
    {
        var v = HealthVerdicts.Combine([Signal("a", HealthOutcome.Pass), Signal("b", HealthOutcome.Inconclusive)], null, Window, null, 2, previous, "s");

        Assert.Equal(expected, v.Outcome);
        Assert.Equal(inARow, v.ConsecutiveInconclusive);
        Assert.Contains("no answer from b", v.Reason, StringComparison.Ordinal);
        if (expected == HealthOutcome.Fail)
        {
            Assert.StartsWith("failed closed: inconclusive 3 times in a row (limit 2)", v.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Combine_OptionalInconclusive_DoesNotCount()
    {
        var v = HealthVerdicts.Combine([Signal("a", HealthOutcome.Pass), Signal("dns", HealthOutcome.Inconclusive, required: false)], null, Window, null, 0, 0, "s");

        Assert.Equal(HealthOutcome.Pass, v.Outcome);
    }

    [Fact]
    public void Combine_ProjectionFailsWhileSignalsPass_Fails()
    {
        var projection = new ProjectionVerdict { Outcome = HealthOutcome.Fail, Reason = "over", FlowSchema = "f", CanaryNodes = 1, FleetNodes = 5000, Lines = [] };

        var v = HealthVerdicts.Combine([Signal("a", HealthOutcome.Pass)], projection, Window, null, 2, 0, "s");

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Equal("failed: projection", v.Reason);
    }
}
