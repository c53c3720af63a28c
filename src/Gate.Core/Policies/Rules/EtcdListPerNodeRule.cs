using Gate.Core.Agents;
using Gate.Core.Reports;

namespace Gate.Core.Policies.Rules;

/// <summary>GATE106: LISTs served from etcd, issued by every node.</summary>
public sealed class EtcdListPerNodeRule : PolicyRule
{
    public override string Id => "GATE106";

    public override string Name => "etcd-list-per-node";

    public override string Title => "Every node issues LISTs the API server serves from etcd";

    public override string Description =>
        "A LIST with resourceVersion unset while ConsistentListFromCache is off, a paginated LIST's continue pages, or "
        + "an exact resourceVersion with a limit is served from etcd, which reads every object of the resource in the "
        + "key range and only then applies label and field selectors. Issued by every node, even a node-scoped LIST "
        + "costs the whole resource N times.";

    public override string Fix =>
        "List with resourceVersion=0 (served from the watch cache) or use an informer; drop limit/continue paging for "
        + "node-scoped lists; upgrade to Kubernetes 1.31+ with ConsistentListFromCache.";

    public override Severity DefaultSeverity => Severity.Warning;

    public override IEnumerable<RuleHit> Evaluate(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!RuleMath.IsPerNode(context))
        {
            yield break;
        }

        foreach (var p in context.Estimate.Patterns)
        {
            if (RuleMath.IsPerNode(context, p) && p.Pattern.Verb == ApiVerb.List && string.Equals(p.ServedFrom, "etcd", StringComparison.Ordinal))
            {
                yield return RuleMath.Hit(
                    context,
                    $"every node makes {RuleMath.Describe(p.Pattern)} served from etcd: each request reads "
                    + $"{Units.Count(p.ObjectsProcessed)} objects to return {Units.Count(p.ObjectsPerResponse)}",
                    p);
            }
        }
    }
}
