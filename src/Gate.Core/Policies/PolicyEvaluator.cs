using Gate.Core.Cost;

namespace Gate.Core.Policies;

/// <summary>Runs every enabled rule of a policy over each workload of an estimate and applies the suppressions.</summary>
public static class PolicyEvaluator
{
    /// <summary>Evaluates <paramref name="policy"/> on <paramref name="report"/>; the verdict fails at <paramref name="failOn"/>.</summary>
    public static CheckResult Evaluate(EstimateReport report, Policy policy, Severity failOn = Severity.Error)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(policy);
        var budget = policy.BudgetFor(report.Cluster.Nodes);
        var findings = new List<Finding>();
        foreach (var estimate in report.Workloads)
        {
            using var span = Diagnostics.GateInstrumentation.StartSpan("gate.check");
            var first = findings.Count;
            var workload = estimate.Workload;
            var name = $"{workload.Namespace}/{workload.Name}";
            var annotated = Suppressions.FromAnnotation(workload);
            foreach (var rule in RuleCatalog.All)
            {
                var severity = RuleCatalog.EffectiveSeverity(rule, policy);
                if (severity == Severity.Off)
                {
                    continue;
                }

                var context = new RuleContext(estimate, report.Cluster, budget, policy.SettingsFor(rule.Id));
                foreach (var hit in rule.Evaluate(context))
                {
                    var finding = new Finding
                    {
                        RuleId = rule.Id,
                        Severity = severity,
                        Message = hit.Message,
                        Workload = name,
                        WorkloadOrigin = workload.Origin,
                        Origin = hit.Origin ?? workload.Origin,
                        Pattern = hit.Pattern,
                    };
                    findings.Add(Suppressions.Apply(finding, annotated, policy));
                }
            }

            Diagnostics.WorkloadTelemetry.Checked(span, estimate, report.Cluster, findings, first, failOn);
        }

        return new CheckResult { Policy = policy, Findings = Order(findings), FailOn = failOn };
    }

    private static List<Finding> Order(List<Finding> findings) =>
    [
        .. findings
            .OrderBy(f => f.Suppressed)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Workload, StringComparer.Ordinal)
            .ThenBy(f => f.Origin?.File ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(f => f.Origin?.Line ?? 0)
            .ThenBy(f => f.Origin?.Column ?? 0)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal),
    ];
}
