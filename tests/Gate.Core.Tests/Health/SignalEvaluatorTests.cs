using Gate.Core.Health;

namespace Gate.Core.Tests.Health;

public class SignalEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly HealthSettings Settings = new() { MinSamples = 8, Alpha = 0.05 };

    private static readonly HealthSignal P99 = new()
    {
        Id = "p99",
        Title = "p99",
        Unit = "seconds",
        Expression = "x",
        Max = 1.0,
        Baseline = new BaselineRule { MaxRatio = 1.5, MinDelta = 0.1 },
    };

    private static HealthQueryResult Samples(params double[] values) =>
        HealthQueryResult.FromSamples(values.Select((v, i) => new HealthSample(T0.AddSeconds(15 * i), v)).ToList());

    [Fact]
    public void Evaluate_QueryError_IsInconclusiveWithKind()
    {
        var v = SignalEvaluator.Evaluate(P99, Settings, HealthQueryResult.Failed(HealthQueryErrorKind.Unreachable, "connection refused"), null);

        Assert.Equal(HealthOutcome.Inconclusive, v.Outcome);
        Assert.Equal("query failed (unreachable): connection refused", v.Reason);
        Assert.Null(v.Value);
    }

    [Fact]
    public void Evaluate_NoSamples_IsInconclusiveNeverPass()
    {
        var v = SignalEvaluator.Evaluate(P99, Settings, HealthQueryResult.Success(Array.Empty<HealthSeries>()), null);

        Assert.Equal(HealthOutcome.Inconclusive, v.Outcome);
        Assert.StartsWith("no data", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NaNSamplesOnly_IsInconclusive()
    {
        var v = SignalEvaluator.Evaluate(P99, Settings, Samples(double.NaN, double.NaN), null);

        Assert.Equal(HealthOutcome.Inconclusive, v.Outcome);
    }

    [Fact]
    public void Evaluate_ZeroThenPositiveInfinity_FailsNeverPasses()
    {
        // issue #21: 0 then +Inf was judged pass (the evaluator dropped the +Inf that Worst kept)
        var v = SignalEvaluator.Evaluate(P99, Settings, Samples(0, double.PositiveInfinity), null);

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Equal("+Inf at 1 of 2 steps: worse than any limit", v.Reason);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Evaluate_FiniteSamplesWithOneUnreadable_IsInconclusive(double unreadable)
    {
        var v = SignalEvaluator.Evaluate(P99, Settings, Samples(0.1, unreadable, 0.2), null);

        Assert.Equal(HealthOutcome.Inconclusive, v.Outcome);
        Assert.Contains("non-finite value", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NegativeInfinityWhereLowerIsWorse_Fails()
    {
        var ready = new HealthSignal { Id = "ready", Title = "ready", Unit = "bool", Expression = "up", Min = 1, Aggregation = Aggregation.Min };

        var v = SignalEvaluator.Evaluate(ready, Settings, Samples(1, double.NegativeInfinity, 1), null);

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
    }

    [Fact]
    public void Evaluate_InfinityOnOneInstanceOfSeveral_Fails()
    {
        var a = new HealthSeries(new Dictionary<string, string> { ["instance"] = "a" }, [new HealthSample(T0, 0.2)]);
        var b = new HealthSeries(new Dictionary<string, string> { ["instance"] = "b" }, [new HealthSample(T0, double.PositiveInfinity)]);

        var v = SignalEvaluator.Evaluate(P99, Settings, HealthQueryResult.Success([a, b]), null);

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
    }

    [Fact]
    public void Evaluate_NaNOnOneInstanceOfSeveral_JudgesTheOther()
    {
        var a = new HealthSeries(new Dictionary<string, string> { ["instance"] = "a" }, [new HealthSample(T0, 0.2)]);
        var b = new HealthSeries(new Dictionary<string, string> { ["instance"] = "b" }, [new HealthSample(T0, double.NaN)]);

        var v = SignalEvaluator.Evaluate(P99, Settings, HealthQueryResult.Success([a, b]), null);

        Assert.Equal(HealthOutcome.Pass, v.Outcome);
        Assert.Equal(0.2, v.Value);
    }

    [Fact]
    public void Evaluate_BaselineWithInfinity_IsInconclusive()
    {
        var v = SignalEvaluator.Evaluate(P99, Settings, Samples(0.2, 0.2), Samples(0.1, double.PositiveInfinity));

        Assert.Equal(HealthOutcome.Inconclusive, v.Outcome);
        Assert.StartsWith("the baseline has 1 non-finite sample(s)", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AboveSlo_FailsWithNumbers()
    {
        var v = SignalEvaluator.Evaluate(P99, Settings, Samples(0.2, 1.8, 0.3), null);

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Equal(1.8, v.Value);
        Assert.Equal(1.0, v.Limit);
        Assert.Equal("1.8 s above the limit 1 s", v.Reason);
    }

    [Fact]
    public void Evaluate_BelowMinimum_Fails()
    {
        var ready = new HealthSignal { Id = "ready", Title = "ready", Unit = "bool", Expression = "up", Min = 1, Aggregation = Aggregation.Min };

        var v = SignalEvaluator.Evaluate(ready, Settings, Samples(1, 1, 0, 1), null);

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Equal("no below the minimum yes", v.Reason);
    }

    [Fact]
    public void Evaluate_SeveralSeries_JudgesTheWorstInstance()
    {
        var a = new HealthSeries(new Dictionary<string, string> { ["instance"] = "a" }, [new HealthSample(T0, 0.2)]);
        var b = new HealthSeries(new Dictionary<string, string> { ["instance"] = "b" }, [new HealthSample(T0, 1.2)]);

        var v = SignalEvaluator.Evaluate(P99, Settings, HealthQueryResult.Success([a, b]), null);

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Equal(1.2, v.Value);
    }

    [Fact]
    public void Evaluate_SignificantlyAboveBaseline_FailsWithPValue()
    {
        var baseline = Samples(0.10, 0.11, 0.12, 0.10, 0.11, 0.12, 0.10, 0.11, 0.12, 0.10);
        var canary = Samples(0.40, 0.42, 0.44, 0.41, 0.43, 0.45, 0.40, 0.42, 0.44, 0.46);

        var v = SignalEvaluator.Evaluate(P99, Settings, canary, baseline);

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Equal(0.12, v.Baseline);
        Assert.Equal(0.22, v.Limit!.Value, 10);
        Assert.NotNull(v.PValue);
        Assert.True(v.PValue < 0.001);
        Assert.StartsWith("460 ms is 3.83× baseline 120 ms, above 220 ms", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OneSpikeAboveBaselineButNotSignificant_Passes()
    {
        var baseline = Samples(0.10, 0.30, 0.12, 0.29, 0.11, 0.28, 0.10, 0.31, 0.12, 0.30);
        var canary = Samples(0.10, 0.11, 0.12, 0.10, 0.11, 0.12, 0.10, 0.11, 0.12, 0.50);

        var v = SignalEvaluator.Evaluate(P99, Settings, canary, baseline);

        Assert.Equal(HealthOutcome.Pass, v.Outcome);
        Assert.Contains("not significant", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FewSamplesAboveBaseline_FailsOnRatioAndSaysWhy()
    {
        var v = SignalEvaluator.Evaluate(P99, Settings, Samples(0.5, 0.6), Samples(0.1, 0.1));

        Assert.Equal(HealthOutcome.Fail, v.Outcome);
        Assert.Null(v.PValue);
        Assert.Contains("too few samples for Mann-Whitney (2 vs 2, need 8)", v.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ZeroBaseline_UsesAbsoluteSlack()
    {
        var rate = new HealthSignal { Id = "r", Title = "r", Unit = "ratio", Expression = "x", Baseline = new BaselineRule { MaxRatio = 2, MinDelta = 0.001 } };

        var small = SignalEvaluator.Evaluate(rate, Settings, Samples(0.0005), Samples(0, 0));
        var large = SignalEvaluator.Evaluate(rate, Settings, Samples(0.01), Samples(0, 0));

        Assert.Equal(HealthOutcome.Pass, small.Outcome);
        Assert.Equal(HealthOutcome.Fail, large.Outcome);
    }

    [Fact]
    public void Evaluate_BaselineWithoutData_IsInconclusive()
    {
        var v = SignalEvaluator.Evaluate(P99, Settings, Samples(0.2), HealthQueryResult.Success(Array.Empty<HealthSeries>()));

        Assert.Equal(HealthOutcome.Inconclusive, v.Outcome);
        Assert.Equal("no baseline data to compare with", v.Reason);
    }

    [Fact]
    public void Evaluate_OptionalSignalWithoutData_IsMarkedNotCounted()
    {
        var optional = P99 with { Required = false };

        var v = SignalEvaluator.Evaluate(optional, Settings, HealthQueryResult.Success(Array.Empty<HealthSeries>()), null);

        Assert.False(v.Required);
        Assert.EndsWith("(optional signal, not counted)", v.Reason, StringComparison.Ordinal);
    }
}
