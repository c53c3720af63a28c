using Gate.Core.Reports;

namespace Gate.Core.Policies.Rules;

/// <summary>GATE103: bytes read when every replica starts at once, against startupBurstSeconds of the budget.</summary>
public sealed class StartupBytesRule : PolicyRule
{
    public override string Id => "GATE103";

    public override string Name => "startup-burst-bytes";

    public override string Title => "Start-up LISTs of the whole fleet exceed the burst budget";

    public override string Description =>
        "When the DaemonSet starts (a rollout, a node pool upgrade, an API server restart that drops every watch) each "
        + "replica runs its initial LISTs at once. The rule compares the bytes of all of them with startupBurstSeconds "
        + "of the workload's read budget. The API server builds each LIST response in memory, so a burst above it "
        + "is what takes the server down.";

    public override string Fix =>
        "Scope the informers to the node, drop cluster-wide informers the agent does not need (e.g. ReplicaSet or "
        + "namespace metadata), move cluster-wide collection to a single Deployment, and roll out in small stages.";

    public override Severity DefaultSeverity => Severity.Error;

    public override IEnumerable<RuleHit> Evaluate(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var budget = Budgets.StartupBytes(context.Cluster.ApiServer, context.Budget);
        var startup = context.Estimate.Total.StartupBytes;
        if (startup <= budget)
        {
            yield break;
        }

        var top = RuleMath.Dominant(context, p => p.StartupBytes);
        yield return RuleMath.Hit(
            context,
            $"starting on all {Units.Count(RuleMath.FleetReplicas(context))} replicas reads {Units.Bytes(startup)}, {Units.Ratio(startup / budget)} the "
            + $"burst budget of {Units.Bytes(budget)} ({context.Budget.StartupBurstSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s of the read budget)"
            + (top is null ? string.Empty : $"; most from {RuleMath.Describe(top.Pattern)}"),
            top);
    }
}
