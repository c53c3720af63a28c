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
    private readonly SortedDictionary<int, SimPod> byNode = [];
    private TaskCompletionSource changed = new();
    private bool changedSinceRead;
    private bool wakeScheduled;

    public SimulatedPodWatch(ControlPlaneModel controlPlane, SimDaemonSet daemonSet, string revisionHash)
    {
        this.controlPlane = controlPlane;
        this.daemonSet = daemonSet;
        RevisionHash = revisionHash;
        foreach (var pod in daemonSet.Pods)
        {
            if (pod is not null && pod.Revision.Hash == revisionHash)
            {
                byNode[pod.Node] = pod;
            }
        }

        daemonSet.PodChanged += OnChanged;
    }

    public string RevisionHash { get; }

    public Task<IReadOnlyList<AgentPod>> PodsAsync(CancellationToken cancellationToken)
    {
        if (controlPlane.ReplicasUp == 0)
        {
            throw new ClusterUnavailableException("the simulated API server is unreachable (pod watch)");
        }

        changedSinceRead = false;
        IReadOnlyList<AgentPod> pods = byNode.Values.Select(SimulatedDaemonSetOperator.ToAgentPod).ToList();
        return Task.FromResult(pods);
    }

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

    private void OnChanged(SimPod pod)
    {
        if (pod.Revision.Hash != RevisionHash)
        {
            return;
        }

        if (daemonSet.Pods[pod.Node] == pod)
        {
            byNode[pod.Node] = pod;
        }
        else if (byNode.TryGetValue(pod.Node, out var held) && held == pod)
        {
            byNode.Remove(pod.Node);
        }

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
}
