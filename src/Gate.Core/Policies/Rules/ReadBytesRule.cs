using Gate.Core.Reports;

namespace Gate.Core.Policies.Rules;

/// <summary>GATE102: steady read volume of the fleet against the read budget.</summary>
public sealed class ReadBytesRule : PolicyRule
{
    public override string Id => "GATE102";

    public override string Name => "read-bytes-budget";

    public override string Title => "Steady read bytes per second above the workload's budget";

    public override string Description =>
        "The API server's CPU and memory go into serializing responses. The rule sums, over every replica, the bytes "
        + "of periodic LIST and GET responses and of watch events per second, and compares them with the policy's "
        + "readShare of what the API servers can serve (cores × 76 MB/s of JSON per core, from calibration).";

    public override string Fix =>
        "Scope the requests to the node (fieldSelector spec.nodeName=$NODE_NAME), watch instead of polling, drop "
        + "informers the agent does not need, use protobuf where the client supports it, or run one cluster-wide "
        + "replica (a Deployment) instead of one per node.";

    public override Severity DefaultSeverity => Severity.Error;

    public override IEnumerable<RuleHit> Evaluate(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var budget = Budgets.ReadBytesPerSecond(context.Cluster.ApiServer, context.Budget);
        var steady = context.Estimate.Total.BytesPerSecond;
        if (steady <= budget)
        {
            yield break;
        }

        var top = RuleMath.Dominant(context, p => p.BytesPerSecond);
        yield return RuleMath.Hit(
            context,
            $"reads {Units.BytesPerSecond(steady)} at {Units.Count(context.Cluster.Nodes)} nodes, {Units.Ratio(steady / budget)} its budget of "
            + $"{Units.BytesPerSecond(budget)} ({Units.Percent(context.Budget.ReadShare)} of the API servers' read capacity)"
            + (top is null ? string.Empty : $"; most from {RuleMath.Describe(top.Pattern)}") + RuleMath.BreakEven(context),
            top);
    }
}
