using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Policies;

namespace Gate.Core.Tests.Policies;

public class RuleTests
{
    private static CheckResult Check(int nodes, params WorkloadEstimate[] workloads) =>
        PolicyEvaluator.Evaluate(Fixtures.Report(nodes, workloads), Fixtures.DefaultPolicy);

    private static string[] Ids(CheckResult result, string workload) =>
        [.. result.Findings.Where(f => f.Workload == workload).Select(f => f.RuleId)];

    [Fact]
    public void Evaluate_ClusterWidePodsAt5000_FailsOnBytesStartupScalingAndWatch()
    {
        var result = Check(5000, Fixtures.ClusterWidePods(5000));

        Assert.False(result.Passed);
        Assert.Equal(["GATE102", "GATE103", "GATE104", "GATE105", "GATE107"], Ids(result, "monitoring/otel-agent").Order());
        var bytes = result.Findings.Single(f => f.RuleId == "GATE102");
        Assert.Equal(Severity.Error, bytes.Severity);
        Assert.Contains("364.8 MB/s", bytes.Message, StringComparison.Ordinal);
        Assert.Equal(12, bytes.Origin!.Line);
        Assert.Equal(ApiVerb.Watch, bytes.Pattern!.Verb);
        Assert.Equal(ApiVerb.List, result.Findings.Single(f => f.RuleId == "GATE103").Pattern!.Verb);
    }

    [Fact]
    public void Evaluate_ClusterWidePodsAt100_PassesWithoutErrors()
    {
        var result = Check(100, Fixtures.ClusterWidePods(100));

        Assert.True(result.Passed);
        Assert.DoesNotContain(result.Findings, f => f.Severity == Severity.Error);
        Assert.DoesNotContain("GATE104", Ids(result, "monitoring/otel-agent"));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(5000)]
    [InlineData(15000)]
    public void Evaluate_NodeScopedPods_NoFindingsAtAnySize(int nodes)
    {
        var result = Check(nodes, Fixtures.NodeScopedPods(nodes));

        Assert.True(result.Passed);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Evaluate_UnknownAgent_WarnsRbacWorstCaseAndEtcdList()
    {
        var result = Check(1000, Fixtures.UnknownAgent(1000));

        Assert.True(result.Passed);
        Assert.Equal(["GATE104", "GATE106", "GATE108"], Ids(result, "kube-system/node-helper").Order());
        Assert.All(result.Findings, f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.False(result with { FailOn = Severity.Warning } is { Passed: true });
    }

    [Fact]
    public void Evaluate_SeatShareAboveBudget_ReportsGate101()
    {
        var estimate = Fixtures.NodeScopedPods(1000);
        estimate = estimate with { Total = estimate.Total with { SeatUtilization = 0.8 } };

        var result = Check(1000, estimate);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("GATE101", finding.RuleId);
        Assert.Contains("80 %", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RuleTurnedOff_DoesNotReport()
    {
        var policy = Fixtures.Load(Fixtures.DefaultYaml.Replace("  GATE104:\n", "  GATE102:\n    severity: off\n  GATE104:\n", StringComparison.Ordinal));

        var result = PolicyEvaluator.Evaluate(Fixtures.Report(5000, Fixtures.ClusterWidePods(5000)), policy);

        Assert.DoesNotContain(result.Findings, f => f.RuleId == "GATE102");
        Assert.Contains(result.Findings, f => f.RuleId == "GATE103");
    }

    [Fact]
    public void Evaluate_ScalingThresholdRaised_QuadraticNotReported()
    {
        var policy = Fixtures.Load(Fixtures.DefaultYaml.Replace("aboveNodes: 1000", "aboveNodes: 20000", StringComparison.Ordinal));

        var result = PolicyEvaluator.Evaluate(Fixtures.Report(15000, Fixtures.ClusterWidePods(15000)), policy);

        Assert.DoesNotContain(result.Findings, f => f.RuleId == "GATE104");
    }

    [Fact]
    public void Evaluate_Findings_AreOrderedBySeverityThenWorkloadThenLocation()
    {
        var result = Check(5000, Fixtures.UnknownAgent(5000), Fixtures.ClusterWidePods(5000));

        var keys = result.Findings.Select(f => (Severity: -(int)f.Severity, f.Workload, f.Origin!.Line, f.RuleId)).ToList();
        var expected = keys.OrderBy(k => k.Severity).ThenBy(k => k.Workload, StringComparer.Ordinal).ThenBy(k => k.Line).ThenBy(k => k.RuleId, StringComparer.Ordinal);
        Assert.Equal(expected, keys);
        Assert.Equal(("monitoring/otel-agent", "GATE102"), (keys[0].Workload, keys[0].RuleId));
        Assert.Equal("kube-system/node-helper", keys[2].Workload);
    }

    [Fact]
    public void Budgets_WorkloadLowSeats_MatchesApfDefaults()
    {
        var capacity = new ApiServerCapacity { Replicas = 3, Cores = 48 };

        Assert.Equal(245 * 3, Budgets.WorkloadLowSeats(capacity));
    }

    [Fact]
    public void Evaluate_LeaderElectedClusterWideWatchInDaemonSet_NoPerNodeWatchOrEtcdFindings()
    {
        static AccessPattern Pods(ApiVerb verb, int? replicas) => new()
        {
            Verb = verb, Resource = "pods", Scope = PatternScope.Cluster, Limit = verb == ApiVerb.List ? 500 : null,
            Replicas = replicas, LeaderElected = replicas is not null,
        };
        Workload DaemonSet(int? replicas) => Gate.Core.Tests.Cost.PatternArbitraries.Fleet(Pods(ApiVerb.List, replicas), Pods(ApiVerb.Watch, replicas));

        var leader = PolicyEvaluator.Evaluate(CostModel.Estimate([DaemonSet(1)], ClusterProfiles.Medium), Fixtures.DefaultPolicy);
        var everyNode = PolicyEvaluator.Evaluate(CostModel.Estimate([DaemonSet(null)], ClusterProfiles.Medium), Fixtures.DefaultPolicy);

        Assert.Contains("GATE105", Ids(everyNode, "agents/generated"));
        Assert.Contains("GATE106", Ids(everyNode, "agents/generated"));
        Assert.False(everyNode.Passed);
        Assert.DoesNotContain("GATE105", Ids(leader, "agents/generated"));
        Assert.DoesNotContain("GATE106", Ids(leader, "agents/generated"));
        Assert.True(leader.Passed);
    }
}
