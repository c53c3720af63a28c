namespace Gate.Core.Rollout;

/// <summary>
/// The order in which a rollout takes nodes: deterministic (same cluster → same order), spread across zones
/// (round-robin over zones sorted by name, nodes by name within a zone), NotReady nodes skipped.
/// </summary>
public static class NodeOrdering
{
    /// <summary>Orders the Ready nodes among <paramref name="candidates"/>.</summary>
    public static IReadOnlyList<string> Order(IEnumerable<NodeInfo> nodes, IReadOnlySet<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(candidates);
        var zones = nodes
            .Where(n => n.Ready && candidates.Contains(n.Name))
            .GroupBy(n => n.Zone, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(n => n.Name).Order(StringComparer.Ordinal).ToList())
            .ToList();
        var ordered = new List<string>();
        for (var i = 0; zones.Count > 0 && i < zones.Max(z => z.Count); i++)
        {
            ordered.AddRange(zones.Where(z => i < z.Count).Select(z => z[i]));
        }

        return ordered;
    }

    /// <summary>
    /// Cumulative node counts per stage for <paramref name="total"/> eligible nodes: strictly increasing, the last
    /// always <paramref name="total"/> (stages that would add no node are dropped).
    /// </summary>
    public static IReadOnlyList<int> ResolveStages(IReadOnlyList<StageSize> stages, int total)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var counts = new List<int>();
        foreach (var count in stages.Select(s => s.Resolve(total)).Append(total))
        {
            if (count > 0 && (counts.Count == 0 || count > counts[^1]))
            {
                counts.Add(count);
            }
        }

        return counts.Count == 0 ? [0] : counts;
    }
}
