namespace Gate.Core.Rollout;

/// <summary>
/// The agent's pods of one revision, followed by one label-selected watch (the DaemonSet's selector plus
/// <c>controller-revision-hash</c>, bookmarks on, resumed from the last resourceVersion seen, a paged relist only after
/// <c>410 Gone</c>): reading the pods costs no request, so the gate's steady load does not grow with the fleet.
/// Made by <see cref="IDaemonSetOperator.WatchAgentPods"/>; disposing it ends the watch.
/// </summary>
public interface IAgentPodWatch : IDisposable
{
    /// <summary>The revision hash the watch follows.</summary>
    string RevisionHash { get; }

    /// <summary>
    /// The pods as the watch holds them now. The first call waits for the initial paged LIST; a failure of that LIST
    /// (or of a relist) surfaces here, and the next call starts it again.
    /// </summary>
    Task<IReadOnlyList<AgentPod>> PodsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Completes when a followed pod changed since the last <see cref="PodsAsync"/>, or after <paramref name="maxWait"/>,
    /// whichever comes first on <paramref name="time"/> (so a wait for readiness ends when the pods are Ready, not at the
    /// next poll).
    /// </summary>
    Task WaitForChangeAsync(TimeSpan maxWait, TimeProvider time, CancellationToken cancellationToken);

    /// <summary>
    /// The followed pods on <paramref name="nodes"/> (not terminating), by node, as of the last
    /// <see cref="PodsAsync"/> or <see cref="TallyAsync"/>, when the watch can look them up without a pass over every pod; null when it cannot
    /// (the caller then reads them from <see cref="PodsAsync"/>'s list).
    /// </summary>
    IReadOnlyDictionary<string, AgentPod>? PodsOn(IReadOnlyCollection<string> nodes) => null;

    /// <summary>
    /// The followed pods' tally (live, Ready, restarted) as of the last <see cref="PodsAsync"/>, when the watch keeps it
    /// as events arrive; null when it does not (the caller counts <see cref="PodsAsync"/>'s list).
    /// </summary>
    AgentPodTally? Tally() => null;

    /// <summary>
    /// The followed pods by node (terminating ones too) as of the last <see cref="PodsAsync"/>, when the watch keeps them
    /// by node; null when it does not. Read it in the step that called <see cref="PodsAsync"/>: the watch may keep it
    /// current with its events rather than copy it.
    /// </summary>
    ILookup<string, AgentPod>? ByNode() => null;

    /// <summary>
    /// Reads the watch as <see cref="PodsAsync"/> does (the same waits and failures, and <see cref="WaitForChangeAsync"/>
    /// then waits for the next change) but returns only its tally, without a list of every pod, when the watch keeps
    /// one; null when it does not (nothing was read: the caller reads <see cref="PodsAsync"/>).
    /// </summary>
    Task<AgentPodTally?> TallyAsync(CancellationToken cancellationToken) => Task.FromResult<AgentPodTally?>(null);
}
