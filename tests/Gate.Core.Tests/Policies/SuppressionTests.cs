using Gate.Core.Policies;

namespace Gate.Core.Tests.Policies;

public class SuppressionTests
{
    private static readonly Dictionary<string, string> Annotated = new()
    {
        [Suppressions.AnnotationKey] = "GATE103=start-up staged by gate rollout; GATE105 = accepted until the node filter ships",
    };

    [Fact]
    public void Evaluate_AnnotationSuppression_FindingStaysMarked()
    {
        var result = PolicyEvaluator.Evaluate(Fixtures.Report(5000, Fixtures.ClusterWidePods(5000, Annotated)), Fixtures.DefaultPolicy);

        var startup = result.Findings.Single(f => f.RuleId == "GATE103");
        Assert.True(startup.Suppressed);
        Assert.Equal("annotation", startup.SuppressionSource);
        Assert.Equal("start-up staged by gate rollout", startup.SuppressionReason);
        Assert.Equal("accepted until the node filter ships", result.Findings.Single(f => f.RuleId == "GATE105").SuppressionReason);
        Assert.False(result.Findings.Single(f => f.RuleId == "GATE102").Suppressed);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Evaluate_EveryErrorSuppressed_Passes()
    {
        var annotations = new Dictionary<string, string> { [Suppressions.AnnotationKey] = "GATE102=capacity added\nGATE103=staged" };

        var result = PolicyEvaluator.Evaluate(Fixtures.Report(5000, Fixtures.ClusterWidePods(5000, annotations)), Fixtures.DefaultPolicy);

        Assert.True(result.Passed);
        Assert.Equal(2, result.Findings.Count(f => f.Suppressed));
    }

    [Fact]
    public void Evaluate_PolicyAllowList_SuppressesMatchingWorkload()
    {
        var policy = Fixtures.Load(Fixtures.DefaultYaml.Replace("allow: []", "allow:\n  - rule: GATE108\n    workload: kube-system/node-*\n    reason: reviewed by the platform team", StringComparison.Ordinal));

        var result = PolicyEvaluator.Evaluate(Fixtures.Report(1000, Fixtures.UnknownAgent(1000)), policy);

        var finding = result.Findings.Single(f => f.RuleId == "GATE108");
        Assert.True(finding.Suppressed);
        Assert.Equal("policy", finding.SuppressionSource);
        Assert.Equal("reviewed by the platform team", finding.SuppressionReason);
    }

    [Theory]
    [InlineData("GATE103")]
    [InlineData("GATE103=")]
    [InlineData("GATE103=   ")]
    [InlineData("because I said so")]
    public void FromAnnotation_EntryWithoutReason_ThrowsPositionedUsageError(string value)
    {
        var workload = Fixtures.ClusterWidePods(100, new Dictionary<string, string> { [Suppressions.AnnotationKey] = value }).Workload;

        var ex = Assert.Throws<GateUsageException>(() => Suppressions.FromAnnotation(workload));

        Assert.Equal(workload.Origin, ex.Position);
        Assert.Contains("needs a rule id and a reason", ex.Message, StringComparison.Ordinal);
    }
}
