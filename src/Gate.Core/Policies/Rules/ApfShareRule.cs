using Gate.Core.Reports;

namespace Gate.Core.Policies.Rules;

/// <summary>GATE101: the workload's steady share of the workload-low APF priority level.</summary>
public sealed class ApfShareRule : PolicyRule
{
    public override string Id => "GATE101";

    public override string Name => "apf-workload-low-share";

    public override string Title => "Steady share of the workload-low APF priority level above budget";

    public override string Description =>
        "Every ServiceAccount outside kube-system lands in the workload-low priority level, and all replicas of an "
        + "agent share one flow. The rule compares the seat-seconds per second the fleet occupies in steady state "
        + "(requests × APF seats × duration) with the policy's apfShare of workload-low's nominal seats across all "
        + "API server replicas. Above it, other tenants' requests queue and get 429 responses.";

    public override string Fix =>
        "Make periodic requests cheaper or rarer: scope LISTs to the node (fieldSelector spec.nodeName), replace "
        + "polling with an informer (one LIST, then WATCH), raise the period, or give the agent its own FlowSchema "
        + "and PriorityLevel so it cannot crowd out other workloads.";

    public override Severity DefaultSeverity => Severity.Error;

    public override IEnumerable<RuleHit> Evaluate(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var share = context.Estimate.Total.SeatUtilization;
        if (share <= context.Budget.ApfShare)
        {
            yield break;
        }

        var top = RuleMath.Dominant(context, p => p.SeatSecondsPerSecond);
        yield return RuleMath.Hit(
            context,
            $"occupies {Units.Percent(share)} of the workload-low priority level's seats at {Units.Count(context.Cluster.Nodes)} nodes, "
            + $"budget {Units.Percent(context.Budget.ApfShare)}" + (top is null ? string.Empty : $"; most from {RuleMath.Describe(top.Pattern)}"),
            top);
    }
}
