using System.Diagnostics;
using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Policies;

namespace Gate.Core.Diagnostics;

/// <summary>
/// The per-workload spans of <c>gate estimate</c> and <c>gate check</c> (<c>gate.estimate</c>, <c>gate.check</c>) and
/// the <c>gate.check.findings</c> counter. Nothing is recorded when nobody listens.
/// </summary>
internal static class WorkloadTelemetry
{
    /// <summary>Estimates <paramref name="workload"/> inside a <c>gate.estimate</c> span.</summary>
    public static WorkloadEstimate Estimate(Workload workload, ClusterProfile profile, CostBudget? budget)
    {
        using var span = GateInstrumentation.StartSpan("gate.estimate");
        var estimate = CostModel.Estimate(workload, profile, budget);
        if (span is not null)
        {
            Describe(span, workload, profile);
            span.SetTag(GateAttributes.RequestsPerSecond, estimate.Total.RequestsPerSecond);
        }

        return estimate;
    }

    /// <summary>Records the findings <paramref name="findings"/>[<paramref name="first"/>..] of one workload on its <c>gate.check</c> span and counter.</summary>
    public static void Checked(Activity? span, WorkloadEstimate estimate, ClusterProfile profile, IReadOnlyList<Finding> findings, int first, Severity failOn)
    {
        var counting = GateInstrumentation.CheckFindings.Enabled;
        if (span is null && !counting)
        {
            return;
        }

        var failing = new List<string>();
        for (var i = first; i < findings.Count; i++)
        {
            var finding = findings[i];
            if (finding.Suppressed)
            {
                continue;
            }

            if (finding.Severity >= failOn)
            {
                failing.Add(finding.RuleId + ": " + finding.Message);
            }

            if (counting)
            {
                GateInstrumentation.CheckFindings.Add(
                    1, new(GateAttributes.Severity, finding.Severity.ToName()), new(GateAttributes.Rule, finding.RuleId));
            }
        }

        if (span is not null)
        {
            Describe(span, estimate.Workload, profile);
            span.SetTag(GateAttributes.Verdict, failing.Count == 0 ? "pass" : "fail");
            span.SetTag(GateAttributes.Findings, failing.Count);
            if (failing.Count > 0)
            {
                span.SetTag(GateAttributes.Reasons, string.Join("; ", failing));
            }
        }
    }

    private static void Describe(Activity span, Workload workload, ClusterProfile profile)
    {
        span.SetTag(GateAttributes.Workload, workload.Namespace + "/" + workload.Name);
        span.SetTag(GateAttributes.Agent, workload.Agent);
        span.SetTag(GateAttributes.Cluster, profile.Name);
        span.SetTag(GateAttributes.Nodes, profile.Nodes);
    }
}
