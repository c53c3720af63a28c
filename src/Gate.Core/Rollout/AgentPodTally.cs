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
