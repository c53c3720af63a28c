namespace Gate.Core.Rollout;

/// <summary>
/// The cluster port of the rollout engine, bound to one DaemonSet (apps/v1 or apps.kruise.io). Implemented over
/// KubernetesClient (Gate.Kubernetes), over the simulated cluster (Gate.Simulation) and in tests. Every call is one
/// cheap, countable request (or a few pages): no cluster-wide pod LIST, pods only by label selector; the new revision's
/// pods are followed by one watch (<see cref="WatchAgentPods"/>), not polled.
/// </summary>
/// <remarks>
/// Implementations retry transient failures (429 honouring Retry-After, 5xx, timeouts) themselves and throw
/// <see cref="RolloutConflictException"/> when a resourceVersion precondition fails, <see cref="GateEnvironmentException"/>
/// when the cluster stays unreachable or refuses (403).
/// </remarks>
public interface IDaemonSetOperator
{
    /// <summary>The DaemonSet this operator acts on.</summary>
    DaemonSetRef Target { get; }

    /// <summary>Reads the DaemonSet: strategy, status counts, the <c>gate.dev/rollout</c> annotation, resourceVersion.</summary>
    Task<DaemonSetSnapshot> GetDaemonSetAsync(CancellationToken cancellationToken);

    /// <summary>The DaemonSet's ControllerRevisions (owned by it), in any order.</summary>
    Task<IReadOnlyList<RevisionInfo>> ListRevisionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The agent's pods, selected by the DaemonSet's label selector in its namespace, narrowed to one
    /// <c>controller-revision-hash</c> when <paramref name="revisionHash"/> is given (the cheap canary view).
    /// </summary>
    Task<IReadOnlyList<AgentPod>> ListAgentPodsAsync(string? revisionHash, CancellationToken cancellationToken);

    /// <summary>
    /// Starts following the agent's pods of <paramref name="revisionHash"/> with one label-selected watch (see
    /// <see cref="IAgentPodWatch"/>). Returns at once; the initial LIST happens on the first read.
    /// </summary>
    IAgentPodWatch WatchAgentPods(string revisionHash);

    /// <summary>Every node (read in pages): name, zone, readiness.</summary>
    Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken);

    /// <summary>Deletes one agent pod (the DaemonSet controller recreates it from the current template). Gone is fine.</summary>
    Task DeletePodAsync(string podName, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the DaemonSet's pod template and/or update strategy (re-reading on conflicts internally: these
    /// changes are idempotent). Returns the DaemonSet after the change.
    /// </summary>
    Task<DaemonSetSnapshot> UpdateSpecAsync(SpecChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Writes (or with <c>null</c> removes) the <c>gate.dev/rollout</c> annotation, only if the DaemonSet is still at
    /// <paramref name="resourceVersion"/>; throws <see cref="RolloutConflictException"/> otherwise.
    /// </summary>
    Task<DaemonSetSnapshot> WriteStateAsync(string? stateJson, string resourceVersion, CancellationToken cancellationToken);

    /// <summary>Acquires or renews the coordination Lease of this DaemonSet for <see cref="LeaseRequest.Holder"/>.</summary>
    Task<LeaseResult> TryAcquireLeaseAsync(LeaseRequest request, CancellationToken cancellationToken);

    /// <summary>Releases the Lease if <paramref name="holder"/> holds it.</summary>
    Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken);
}
