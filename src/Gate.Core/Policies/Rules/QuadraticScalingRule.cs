using Gate.Core.Agents;
using Gate.Core.Reports;

namespace Gate.Core.Policies.Rules;

/// <summary>GATE104: fleet cost grows with the square of the node count, reported from a cluster size on.</summary>
public sealed class QuadraticScalingRule : PolicyRule
{
    /// <summary>Default of <c>aboveNodes</c>.</summary>
    public const int DefaultAboveNodes = 1000;

    public override string Id => "GATE104";

    public override string Name => "quadratic-scaling";

    public override string Title => "Cost grows with the square of the cluster size (O(N²))";

    public override string Description =>
        "A per-node agent that lists or watches a resource whose object count grows with the cluster (pods, nodes, "
        + "endpoints, events) costs N replicas × O(N) objects: O(N²). It may be cheap today and break the control "
        + "plane at the next cluster size; this was the shape of the December 2024 telemetry outage. The rule reports "
        + "it from aboveNodes nodes on.";

    public override string Fix =>
        "Filter the cluster-wide list/watch to the agent's node (fieldSelector spec.nodeName), or move that "
        + "collection to one cluster-wide replica and let the per-node agents read from it.";

    public override Severity DefaultSeverity => Severity.Warning;

    public override IEnumerable<RuleHit> Evaluate(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var above = context.Settings.AboveNodes ?? DefaultAboveNodes;
        if (context.Estimate.Scaling != "O(N^2)" || context.Cluster.Nodes < above)
        {
            yield break;
        }

        var growing = context.Estimate.Patterns
            .Where(p => p.Pattern.Verb is ApiVerb.List or ApiVerb.Watch && (p.Pattern.Scope == PatternScope.Cluster || p.ServedFrom == "etcd"))
            .ToList();
        var top = growing.Count == 0 ? null : growing.MaxBy(p => p.BytesPerSecond + p.StartupBytes);
        yield return RuleMath.Hit(
            context,
            $"cost grows with the square of the node count (O(N²)) at {Units.Count(context.Cluster.Nodes)} nodes"
            + (top is null ? string.Empty : $": every replica makes {RuleMath.Describe(top.Pattern)}") + RuleMath.BreakEven(context),
            top);
    }
}
