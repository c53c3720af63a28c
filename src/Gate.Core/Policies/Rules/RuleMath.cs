using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Manifests;

namespace Gate.Core.Policies.Rules;

/// <summary>Helpers rules share: fleet size, the pattern that dominates a total, where to point.</summary>
internal static class RuleMath
{
    /// <summary>Replicas of the workload in the cluster: one per node, or its replica count.</summary>
    public static int FleetReplicas(RuleContext context) =>
        context.Estimate.Workload.Multiplicity == Multiplicity.PerNode
            ? context.Cluster.Nodes
            : Math.Max(1, context.Estimate.Workload.Replicas);

    public static bool IsPerNode(RuleContext context) => context.Estimate.Workload.Multiplicity == Multiplicity.PerNode;

    /// <summary>True when every node makes <paramref name="pattern"/>: a per-node workload's pattern without its own count (not the leader's).</summary>
    public static bool IsPerNode(RuleContext context, PatternCost pattern) => IsPerNode(context) && pattern.Pattern.Replicas is null;

    /// <summary>Copies of <paramref name="pattern"/> in the cluster: the fleet, or the pattern's own count (leader, shards).</summary>
    public static int PatternReplicas(RuleContext context, PatternCost pattern) =>
        pattern.Pattern.Replicas is { } own ? Math.Clamp(own, 0, FleetReplicas(context)) : FleetReplicas(context);

    /// <summary>The pattern with the largest value of <paramref name="by"/>, ties broken by position in the workload.</summary>
    public static PatternCost? Dominant(RuleContext context, Func<PatternCost, double> by)
    {
        PatternCost? best = null;
        foreach (var p in context.Estimate.Patterns)
        {
            if (best is null || by(p) > by(best))
            {
                best = p;
            }
        }

        return best;
    }

    /// <summary>The pattern's config line, else the workload's.</summary>
    public static SourcePosition? Origin(RuleContext context, PatternCost? pattern) =>
        pattern?.Pattern.Origin ?? context.Estimate.Workload.Origin;

    /// <summary>A hit pointing at <paramref name="pattern"/> (or at the workload when null).</summary>
    public static RuleHit Hit(RuleContext context, string message, PatternCost? pattern) =>
        new(message, Origin(context, pattern), pattern?.Pattern);

    /// <summary><c>LIST pods (cluster)</c>: a pattern in a few words.</summary>
    public static string Describe(AccessPattern p)
    {
        var scope = p.Scope switch
        {
            PatternScope.Cluster => "cluster-wide",
            PatternScope.Namespace => "in a namespace",
            PatternScope.Node => "of its own node",
            _ => "by name",
        };
        return $"{p.Verb.ToString().ToUpperInvariant()} {p.GroupResource} {scope}";
    }

    /// <summary><c> (from 1,000 nodes)</c> when the estimate knows where a budget is first exceeded.</summary>
    public static string BreakEven(RuleContext context) =>
        context.Estimate.BreakEvenNodes is { } n ? $"; a budget is first exceeded at {Reports.Units.Count(n)} nodes" : string.Empty;
}
