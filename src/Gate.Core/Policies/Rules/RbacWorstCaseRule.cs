using Gate.Core.Agents;

namespace Gate.Core.Policies.Rules;

/// <summary>GATE108: the access patterns are the RBAC worst case, not read from the agent's configuration.</summary>
public sealed class RbacWorstCaseRule : PolicyRule
{
    public override string Id => "GATE108";

    public override string Name => "rbac-worst-case";

    public override string Title => "Access patterns estimated from the RBAC worst case";

    public override string Description =>
        "Gate did not recognise the agent and it declares no access patterns, so the estimate assumes what its RBAC "
        + "allows from every replica: an informer (list + watch, cluster-wide) for every resource it may list and watch, a "
        + "poll every minute for one it may only list, and one request a minute for each get or write verb. That is an "
        + "upper bound: the real cost may be far lower, or the RBAC may grant more than the agent needs.";

    public override string Fix =>
        "Declare the agent's requests in the annotation gate.dev/access-patterns (see docs/rules/GATE108.md), learn "
        + "them from an audit log with gate profile, or narrow the ClusterRole to what the agent uses.";

    public override Severity DefaultSeverity => Severity.Warning;

    public override IEnumerable<RuleHit> Evaluate(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workload = context.Estimate.Workload;
        if (workload.PatternSource != PatternSource.RbacWorstCase)
        {
            yield break;
        }

        yield return new RuleHit(
            $"agent '{workload.Agent}' is not recognised and declares no access patterns: the estimate is an UPPER BOUND from "
            + $"what its RBAC allows ({workload.AccessPatterns.Count} patterns); declare the real patterns in the "
            + $"{DeclaredPatterns.Annotation} annotation, or learn them from an audit log with gate profile",
            workload.Origin);
    }
}
