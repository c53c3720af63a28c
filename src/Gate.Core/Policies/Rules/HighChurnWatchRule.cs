using Gate.Core.Agents;
using Gate.Core.Reports;

namespace Gate.Core.Policies.Rules;

/// <summary>GATE105: a cluster-wide watch of a high-churn resource from every node.</summary>
public sealed class HighChurnWatchRule : PolicyRule
{
    /// <summary>Default of <c>resources</c>: resources whose objects change often or grow with the node count.</summary>
    public static readonly IReadOnlyList<string> DefaultResources = ["pods", "nodes", "endpointslices", "endpoints", "events", "leases"];

    public override string Id => "GATE105";

    public override string Name => "cluster-wide-high-churn-watch";

    public override string Title => "Every node watches a high-churn resource cluster-wide";

    public override string Description =>
        "A WATCH is cheap to open, but the API server sends every change of every watched object to every watcher: "
        + "with one watcher per node the fan-out is changes/s × N, and each change to the resource also costs its "
        + "writer more APF seats (the mutating work estimator counts watchers). The rule reports per-node cluster-wide "
        + "watches of the resources in its list.";

    public override string Fix =>
        "Add a node field selector (spec.nodeName for pods, metadata.name for the own Node), or watch from one "
        + "cluster-wide replica instead of from every node.";

    public override Severity DefaultSeverity => Severity.Warning;

    public override IEnumerable<RuleHit> Evaluate(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!RuleMath.IsPerNode(context))
        {
            yield break;
        }

        var resources = context.Settings.Resources ?? DefaultResources;
        foreach (var p in context.Estimate.Patterns)
        {
            if (RuleMath.IsPerNode(context, p) && p.Pattern.Verb == ApiVerb.Watch && p.Pattern.Scope == PatternScope.Cluster && resources.Contains(p.Pattern.Resource, StringComparer.Ordinal))
            {
                yield return RuleMath.Hit(
                    context,
                    $"every node watches all {p.Pattern.GroupResource} cluster-wide: {Units.Count(context.Cluster.Nodes)} watchers receive "
                    + $"{Units.Rate(p.WatchEventsPerSecond)} events/s in total",
                    p);
            }
        }
    }
}
