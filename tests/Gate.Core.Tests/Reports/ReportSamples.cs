using Gate.Core.Policies;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Reports;

/// <summary>The reports the snapshot and schema tests render: a failing check, a passing one and an estimate.</summary>
internal static class ReportSamples
{
    private static readonly Dictionary<string, string> Suppressed = new()
    {
        [Suppressions.AnnotationKey] = "GATE108=patterns reviewed: only its own namespace's configmaps",
    };

    public static GateReport FailingCheck()
    {
        var estimate = Fixtures.Report(5000, Fixtures.ClusterWidePods(5000), Fixtures.NodeScopedPods(5000), Fixtures.UnknownAgent(5000, Suppressed));
        return new GateReport
        {
            Estimate = estimate,
            Policy = Fixtures.DefaultPolicy,
            Check = PolicyEvaluator.Evaluate(estimate, Fixtures.DefaultPolicy),
            BaseDirectory = "/repo",
        };
    }

    public static GateReport PassingCheck()
    {
        var estimate = Fixtures.Report(1000, Fixtures.NodeScopedPods(1000));
        return new GateReport
        {
            Estimate = estimate,
            Policy = Fixtures.DefaultPolicy,
            Check = PolicyEvaluator.Evaluate(estimate, Fixtures.DefaultPolicy),
            BaseDirectory = "/repo",
        };
    }

    public static GateReport Estimate() => new()
    {
        Estimate = Fixtures.Report(1000, Fixtures.ClusterWidePods(1000), Fixtures.NodeScopedPods(1000)),
        Policy = Fixtures.DefaultPolicy,
        BaseDirectory = "/repo",
    };

    public static IEnumerable<(string Name, GateReport Report)> All() =>
    [
        ("failing-check", FailingCheck()),
        ("passing-check", PassingCheck()),
        ("estimate", Estimate()),
    ];
}
