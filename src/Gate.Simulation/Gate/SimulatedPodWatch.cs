using Gate.Core;
using Gate.Core.Rollout;
using Gate.Simulation.Cluster;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Gate;

/// <summary>
/// <see cref="IAgentPodWatch"/> over a <see cref="SimDaemonSet"/>: follows the pods of one revision through
/// <see cref="SimDaemonSet.PodChanged"/> (what the label-selected watch would deliver), so reading them costs neither
/// a request nor a scan of every node. Waiters are woken by a simulator event at the time of the change, never in the
/// middle of the DaemonSet controller's own step.
/// </summary>
internal sealed class SimulatedPodWatch : IAgentPodWatch
{
    private readonly ControlPlaneModel controlPlane;
    private readonly SimDaemonSet daemonSet;
    // by node index (a slot per node: rebuilding the list after a change is one sequential pass, not a tree walk)
    private readonly (SimPod? Pod, AgentPod? Seen)[] byNode;
    // the tally kept as events arrive
    private readonly AgentPodTallyKeeper keeper = new();
    private IReadOnlyList<AgentPod>? current;
    private AgentPodTally? tally;
    private AgentPodTally? tallyRead;
    private int lastCount;
    private TaskCompletionSource changed = new();
    private bool changedSinceRead;
    private bool wakeScheduled;

    public SimulatedPodWatch(ControlPlaneModel controlPlane, SimDaemonSet daemonSet, string revisionHash)
    {
        this.controlPlane = controlPlane;
        this.daemonSet = daemonSet;
        RevisionHash = revisionHash;
        byNode = new (SimPod?, AgentPod?)[daemonSet.Pods.Count];
        foreach (var pod in daemonSet.Pods)
        {
            if (pod is not null && pod.Revision.Hash == revisionHash)
            {
                byNode[pod.Node] = (pod, SimulatedDaemonSetOperator.ToAgentPod(pod));
                keeper.Change(null, byNode[pod.Node].Seen);
            }
        }

        daemonSet.PodChanged += OnChanged;
    }

    public string RevisionHash { get; }

    public Task<IReadOnlyList<AgentPod>> PodsAsync(CancellationToken cancellationToken)
    {
        Read();
        current ??= Live();
        return Task.FromResult(current);
    }

    /// <summary>Reads the watch for its tally only: no list of the pods is built.</summary>
    public Task<AgentPodTally?> TallyAsync(CancellationToken cancellationToken)
    {
        Read();
        return Task.FromResult(tallyRead);
    }

    /// <summary>The tally as of the last <see cref="PodsAsync"/>, kept as events arrive (no pass over the pods).</summary>
    public AgentPodTally? Tally() => tallyRead;

    public async Task WaitForChangeAsync(TimeSpan maxWait, TimeProvider time, CancellationToken cancellationToken)
    {
        if (changedSinceRead)
        {
            return;
        }

        try
        {
            await changed.Task.WaitAsync(maxWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // nothing changed within maxWait
        }
    }

    public void Dispose() => daemonSet.PodChanged -= OnChanged;

    /// <summary>The pods by node: a view of the slots (current until the next change, which the step that reads it precedes).</summary>
    public ILookup<string, AgentPod>? ByNode() => new SlotLookup(this);

    /// <summary>The pods on <paramref name="nodes"/> by their slot: the node's index is in its name (no pass over every pod).</summary>
    public IReadOnlyDictionary<string, AgentPod>? PodsOn(IReadOnlyCollection<string> nodes)
    {
        var found = new Dictionary<string, AgentPod>(nodes.Count, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (SeenOn(node) is { Terminating: false } pod)
            {
                found[node] = pod;
            }
        }

        return found;
    }

    /// <summary>The pod held for the node named <paramref name="node"/>, by the index in its name.</summary>
    private AgentPod? SeenOn(string node) =>
        Clients.SystemClients.TryParseNodeName(node, out var index) && index < byNode.Length ? byNode[index].Seen : null;

    private List<AgentPod> Live()
    {
        var pods = new List<AgentPod>(lastCount + 16);
        foreach (var (_, seen) in byNode)
        {
            if (seen is not null)
            {
                pods.Add(seen);
            }
        }

        lastCount = pods.Count;
        return pods;
    }

    private void Read()
    {
        if (controlPlane.ReplicasUp == 0)
        {
            throw new ClusterUnavailableException("the simulated API server is unreachable (pod watch)");
        }

        changedSinceRead = false;
        tally ??= keeper.Tally();
        tallyRead = tally;
    }

    private void OnChanged(SimPod pod)
    {
        if (pod.Revision.Hash != RevisionHash)
        {
            return;
        }

        // a pod's state as the watch event carries it: converted once per change, not at every read
        var before = byNode[pod.Node].Seen;
        if (daemonSet.Pods[pod.Node] == pod)
        {
            byNode[pod.Node] = (pod, SimulatedDaemonSetOperator.ToAgentPod(pod));
            keeper.Change(before, byNode[pod.Node].Seen);
        }
        else if (byNode[pod.Node].Pod == pod)
        {
            byNode[pod.Node] = default;
            keeper.Change(before, null);
        }

        current = null;
        tally = null;
        changedSinceRead = true;
        if (!wakeScheduled)
        {
            wakeScheduled = true;
            controlPlane.Simulator.After(0, () =>
            {
                wakeScheduled = false;
                var fired = changed;
                changed = new TaskCompletionSource();
                fired.TrySetResult();
            });
        }
    }

    /// <summary>The slots as a lookup by node name: at most one pod a node.</summary>
    private sealed class SlotLookup(SimulatedPodWatch watch) : ILookup<string, AgentPod>
    {
        public int Count => watch.Live().Count;

        public IEnumerable<AgentPod> this[string key] => watch.SeenOn(key) is { } pod ? [pod] : [];

        public bool Contains(string key) => watch.SeenOn(key) is not null;

        public IEnumerator<IGrouping<string, AgentPod>> GetEnumerator() => watch.Live().ToLookup(p => p.NodeName, StringComparer.Ordinal).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
