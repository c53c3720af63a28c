namespace Gate.Core.Rollout;

/// <summary>What the engine saw in one step. Which parts are filled depends on <see cref="RolloutDecider.Needs"/>.</summary>
public sealed record RolloutObservation
{
    public required DateTimeOffset Now { get; init; }

    public required DaemonSetSnapshot DaemonSet { get; init; }

    /// <summary>The DaemonSet's ControllerRevisions, when needed.</summary>
    public IReadOnlyList<RevisionInfo>? Revisions { get; init; }

    /// <summary>
    /// Pods with the new (in a rollback: the bad) revision hash, when needed; null in a step that only counts them and
    /// looks at the batch's nodes when the watch keeps <see cref="NewPodsTally"/> and <see cref="PendingNewPods"/>.
    /// </summary>
    public IReadOnlyList<AgentPod>? NewPods { get; init; }

    /// <summary>
    /// The tally of <see cref="NewPods"/> when the watch keeps one (<see cref="IAgentPodWatch.Tally"/>); null: the
    /// decider counts <see cref="NewPods"/>.
    /// </summary>
    public AgentPodTally? NewPodsTally { get; init; }

    /// <summary>
    /// The new pods (not terminating) on the nodes of the batch being replaced, by node, when the watch can look them
    /// up (<see cref="IAgentPodWatch.PodsOn"/>); null: the decider finds them in <see cref="NewPods"/>.
    /// </summary>
    public IReadOnlyDictionary<string, AgentPod>? PendingNewPods { get; init; }

    /// <summary>Every agent pod (label-selected), when a batch must be chosen.</summary>
    public IReadOnlyList<AgentPod>? AllPods { get; init; }

    /// <summary>
    /// <see cref="NewPods"/> by node (terminating ones too), when the watch keeps them so (<see cref="IAgentPodWatch.ByNode"/>);
    /// with <see cref="ListedPodsByNode"/>, <see cref="NewPodsTally"/> and <see cref="NodeOrder"/> the decider chooses a
    /// batch by node, without <see cref="AllPods"/>.
    /// </summary>
    public ILookup<string, AgentPod>? NewPodsByNode { get; init; }

    /// <summary>
    /// Every agent pod as the stage's list showed it, by node: <see cref="AllPods"/> is these, except on the nodes of
    /// <see cref="NewPodsByNode"/>, plus the new pods.
    /// </summary>
    public ILookup<string, AgentPod>? ListedPodsByNode { get; init; }

    /// <summary>How many of the first nodes of <see cref="NodeOrder"/> are known to be updated (the by-node batch skips them).</summary>
    public int UpdatedPrefix { get; init; }

    /// <summary>Every node, when a batch must be chosen.</summary>
    public IReadOnlyList<NodeInfo>? Nodes { get; init; }

    /// <summary>
    /// <see cref="NodeOrdering.Order"/> of <see cref="Nodes"/> among the nodes with an agent pod, when the observer
    /// already has it (the engine orders a stage's node list once, not at every batch); null: the decider orders.
    /// </summary>
    public IReadOnlyList<string>? NodeOrder { get; init; }

    /// <summary>The gate run observing (holder and start time): the owner of the batches it starts.</summary>
    public string? Actor { get; init; }

    /// <summary>The analysis verdict, in <see cref="RolloutPhase.Analyzing"/>.</summary>
    public StageVerdict? Verdict { get; init; }
}

/// <summary>Which observations the decider needs for a state.</summary>
[Flags]
public enum ObservationNeeds
{
    None = 0,
    Revisions = 1,
    NewPods = 2,
    Full = 4,
    Analysis = 8,
}
