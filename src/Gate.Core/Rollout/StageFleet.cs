namespace Gate.Core.Rollout;

/// <summary>
/// Every agent pod and node, listed once per stage (the batches of a stage are chosen from it); between lists, what
/// changes — the nodes that got a pod of the new revision — comes from the watch of the new revision's pods. A stage
/// of 100,000 nodes therefore costs one paged LIST of pods and one of nodes, not one per batch.
/// </summary>
internal sealed class StageFleet
{
    private string? key;
    private IReadOnlyList<AgentPod> pods = [];
    private IReadOnlyList<string>? order;
    private ILookup<string, AgentPod>? byNode;
    private int updatedPrefix;
    private long? removalsAtPrefix;

    /// <summary>The nodes of the last list.</summary>
    public IReadOnlyList<NodeInfo> Nodes { get; private set; } = [];

    /// <summary>
    /// The listed nodes in rollout order (<see cref="NodeOrdering.Order"/>) among those with an agent pod, computed once
    /// per list: a replacement keeps its node, so the candidates stay those of the list for the whole stage.
    /// </summary>
    public IReadOnlyList<string> Order => order ??= NodeOrdering.Order(Nodes, pods.Where(p => p.NodeName.Length > 0).Select(p => p.NodeName).ToHashSet(StringComparer.Ordinal));

    /// <summary>The listed pods by node, built once per list.</summary>
    public ILookup<string, AgentPod> ByNode => byNode ??= pods.ToLookup(p => p.NodeName, StringComparer.Ordinal);

    /// <summary>True when the last list was taken in <paramref name="state"/>'s run, stage and revision.</summary>
    public bool Holds(RolloutState state) => key == KeyOf(state);

    /// <summary>Keeps a fresh list for <paramref name="state"/>'s stage.</summary>
    public void Set(RolloutState state, IReadOnlyList<AgentPod> allPods, IReadOnlyList<NodeInfo> nodes)
    {
        key = KeyOf(state);
        pods = allPods;
        Nodes = nodes;
        order = null;
        byNode = null;
        updatedPrefix = 0;
        removalsAtPrefix = null;
    }

    /// <summary>
    /// How many of the first nodes of <see cref="Order"/> are updated (have a live pod in <paramref name="newPods"/>):
    /// the nodes found updated at an earlier step stay so while the watch counts no removal since, so each node is
    /// looked at once per stage instead of once per batch.
    /// </summary>
    public int UpdatedPrefix(AgentPodTally tally, ILookup<string, AgentPod> newPods)
    {
        if (tally.Removals is not { } removals || removals != removalsAtPrefix)
        {
            updatedPrefix = 0;
            removalsAtPrefix = tally.Removals;
        }

        var nodes = Order;
        while (updatedPrefix < nodes.Count && RolloutDecider.HasLivePod(newPods, nodes[updatedPrefix]))
        {
            updatedPrefix++;
        }

        return updatedPrefix;
    }

    /// <summary>Every agent pod now: the listed ones, except on nodes where the watch shows a new-revision pod, plus those.</summary>
    public IReadOnlyList<AgentPod> Merge(IReadOnlyList<AgentPod> newPods)
    {
        var replaced = newPods.Select(p => p.NodeName).ToHashSet(StringComparer.Ordinal);
        return pods.Where(p => !replaced.Contains(p.NodeName)).Concat(newPods).ToList();
    }

    private static string KeyOf(RolloutState state) =>
        $"{state.RunId}/{state.Stage.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{state.NewRevision?.Hash}";
}
