namespace Gate.Core.Rollout;

/// <summary>
/// What a pod watch keeps of its pods as their events arrive (<see cref="IAgentPodWatch.Tally"/>), so a step of a large
/// rollout reads no pod: how many of them are live (not terminating) and how many of those are Ready, and the live ones
/// that restarted or crashloop (the only ones that can be crashing).
/// </summary>
/// <param name="Live">Pods not terminating.</param>
/// <param name="Ready">Pods not terminating and Ready.</param>
/// <param name="Restarted">The pods not terminating with a restart or crashlooping, in any order.</param>
/// <param name="Nodes">The distinct nodes (<see cref="AgentPod.NodeName"/>) of the pods not terminating.</param>
public sealed record AgentPodTally(int Live, int Ready, IReadOnlyList<AgentPod> Restarted, int Nodes)
{
    /// <summary>
    /// How many times a pod stopped being live (went terminating or away) since the watch started, when the watch counts
    /// that; null when it does not. While it stays the same, every node that had a live pod still has one.
    /// </summary>
    public long? Removals { get; init; }

    /// <summary>The tally of <paramref name="pods"/> counted in one pass (what a watch that keeps one must equal).</summary>
    public static AgentPodTally Of(IEnumerable<AgentPod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var live = 0;
        var ready = 0;
        var restarted = new List<AgentPod>();
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => !p.Terminating))
        {
            live++;
            nodes.Add(pod.NodeName);
            ready += pod.Ready ? 1 : 0;
            if (Restarts(pod))
            {
                restarted.Add(pod);
            }
        }

        return new AgentPodTally(live, ready, restarted, nodes.Count);
    }

    /// <summary>True when <paramref name="pod"/> belongs in <see cref="Restarted"/> (when it is not terminating).</summary>
    public static bool Restarts(AgentPod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.CrashLooping || pod.Restarts > 0;
    }
}

/// <summary>
/// Keeps an <see cref="AgentPodTally"/> as a watch applies its events (<see cref="Change"/> per event), so reading it
/// costs no pass over the pods; it must equal <see cref="AgentPodTally.Of"/> of the pods the watch holds. Also keeps
/// the live pods of each node. Not thread-safe: the watch calls it under its own lock.
/// </summary>
public sealed class AgentPodTallyKeeper
{
    private readonly Dictionary<string, AgentPod> restarted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<AgentPod>> liveOnNode = new(StringComparer.Ordinal);
    private int live;
    private int ready;
    private long removals;

    /// <summary>The pod <paramref name="before"/> (null: none yet) became <paramref name="after"/> (null: gone).</summary>
    public void Change(AgentPod? before, AgentPod? after)
    {
        var wasLive = before is { Terminating: false };
        var isLive = after is { Terminating: false };
        if (wasLive)
        {
            Remove(before!);
        }

        if (isLive)
        {
            Add(after!);
        }

        removals += wasLive && !isLive ? 1 : 0;
    }

    /// <summary>The tally now.</summary>
    public AgentPodTally Tally() => new(live, ready, restarted.Count == 0 ? [] : [.. restarted.Values], liveOnNode.Count) { Removals = removals };

    /// <summary>The live pods on <paramref name="node"/> (usually one), or none.</summary>
    public IReadOnlyList<AgentPod> LiveOn(string node) => liveOnNode.TryGetValue(node, out var pods) ? pods : [];

    private void Add(AgentPod pod)
    {
        live++;
        ready += pod.Ready ? 1 : 0;
        if (!liveOnNode.TryGetValue(pod.NodeName, out var onNode))
        {
            liveOnNode[pod.NodeName] = onNode = [];
        }

        onNode.Add(pod);
        if (AgentPodTally.Restarts(pod))
        {
            restarted[pod.Name] = pod;
        }
    }

    private void Remove(AgentPod pod)
    {
        live--;
        ready -= pod.Ready ? 1 : 0;
        var onNode = liveOnNode[pod.NodeName];
        onNode.RemoveAll(p => p.Name == pod.Name);
        if (onNode.Count == 0)
        {
            liveOnNode.Remove(pod.NodeName);
        }

        restarted.Remove(pod.Name);
    }
}
