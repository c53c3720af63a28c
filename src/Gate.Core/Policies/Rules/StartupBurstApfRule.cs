using Gate.Core.Reports;

namespace Gate.Core.Policies.Rules;

/// <summary>GATE107: the first rollout stage's start-up requests need more APF seats than workload-low has free.</summary>
public sealed class StartupBurstApfRule : PolicyRule
{
    public override string Id => "GATE107";

    public override string Name => "first-stage-apf-burst";

    public override string Title => "Start-up burst of the first rollout stage larger than the APF headroom";

    public override string Description =>
        "All replicas share one APF flow (workload-low; workload-high for kube-system ServiceAccounts). When a rollout stage starts, each new replica sends its "
        + "initial LISTs at once; each costs up to 10 seats. The rule compares the seats of the first stage after the "
        + "canary (firstStagePercent of the nodes) with the free share (apfHeadroomShare) of that priority level's nominal seats. "
        + "Above it, the requests queue (at most 300 per flow) and the rest are rejected with 429 and retried.";

    public override string Fix =>
        "Start with smaller stages (gate rollout --stages 1,0.5%,…), scope the initial LISTs to the node, or give "
        + "the agent its own PriorityLevel with enough seats.";

    public override Severity DefaultSeverity => Severity.Warning;

    public override IEnumerable<RuleHit> Evaluate(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fleet = RuleMath.FleetReplicas(context);
        if (!RuleMath.IsPerNode(context) || fleet == 0)
        {
            yield break;
        }

        var stage = Math.Min(fleet, Budgets.FirstStageReplicas(context.Cluster.Nodes, context.Budget));
        // A pattern with its own count (an elected leader's, shards) starts at most that many copies in the stage;
        // the rest of the start-up seats come from every replica.
        var own = context.Estimate.Patterns.Where(p => p.Pattern.Replicas is not null).ToList();
        var perReplica = (context.Estimate.Total.StartupSeats - own.Sum(p => p.StartupSeats)) / fleet;
        var seats = (perReplica * stage) + own.Sum(p =>
            RuleMath.PatternReplicas(context, p) is var copies and > 0 ? p.StartupSeats / copies * Math.Min(stage, copies) : 0);
        var (level, levelSeats) = Budgets.PriorityLevelSeats(context.Estimate.Workload, context.Cluster);
        var headroom = levelSeats * context.Budget.ApfHeadroomShare;
        if (seats <= headroom)
        {
            yield break;
        }

        var top = RuleMath.Dominant(context, p => p.StartupBytes);
        yield return RuleMath.Hit(
            context,
            $"a first stage of {Units.Count(stage)} nodes asks for {Units.Count(seats)} APF seats at start-up, "
            + $"{Units.Ratio(seats / headroom)} the {Units.Count(headroom)} free seats of {level}",
            top);
    }
}
