using System.Globalization;
using Gate.Core;
using Gate.Core.Agents;
using Gate.Core.Rollout;
using Gate.Simulation.Cluster;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Gate;

/// <summary>
/// The rollout engine's cluster port over a <see cref="SimDaemonSet"/>: the real <see cref="RolloutEngine"/> reads
/// and changes the simulated DaemonSet through it exactly as it does a real one. Templates are addressed by image:
/// the scenario registers which <see cref="Workload"/> (access patterns) each image runs.
/// </summary>
public sealed class SimulatedDaemonSetOperator : IDaemonSetOperator
{
    private readonly ControlPlaneModel controlPlane;
    private readonly SimDaemonSet daemonSet;
    private readonly Dictionary<string, Workload> images = new(StringComparer.Ordinal);
    private long resourceVersion = 1;
    private long generation = 1;
    private string? stateJson;
    private string? leaseHolder;
    private DateTimeOffset leaseExpiry;

    public SimulatedDaemonSetOperator(ControlPlaneModel controlPlane, SimDaemonSet daemonSet)
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
        this.daemonSet = daemonSet ?? throw new ArgumentNullException(nameof(daemonSet));
        Target = new DaemonSetRef(daemonSet.Namespace, daemonSet.Name);
        foreach (var revision in daemonSet.Revisions)
        {
            images[ImageOf(revision.Template)] = revision.Template;
        }
    }

    public DaemonSetRef Target { get; }

    /// <summary>Calls the engine made, by method name (its own API load).</summary>
    public IReadOnlyDictionary<string, int> Calls => calls;

    private readonly Dictionary<string, int> calls = new(StringComparer.Ordinal);

    /// <summary>The image a workload's pods run (the template's identity in this simulation).</summary>
    public static string ImageOf(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.Annotations.TryGetValue("gate.dev/image", out var image) ? image : workload.Agent + ":latest";
    }

    /// <summary>Lets the engine deploy <paramref name="workload"/> by its image.</summary>
    public void Register(Workload workload) => images[ImageOf(workload)] = workload;

    public Task<DaemonSetSnapshot> GetDaemonSetAsync(CancellationToken cancellationToken) => Call(nameof(GetDaemonSetAsync), Snapshot);

    public Task<IReadOnlyList<RevisionInfo>> ListRevisionsAsync(CancellationToken cancellationToken) =>
        Call<IReadOnlyList<RevisionInfo>>(nameof(ListRevisionsAsync), () => daemonSet.Revisions.Select(Info).ToList());

    public Task<IReadOnlyList<AgentPod>> ListAgentPodsAsync(string? revisionHash, CancellationToken cancellationToken) =>
        Call<IReadOnlyList<AgentPod>>(nameof(ListAgentPodsAsync), () => daemonSet.Pods
            .Where(p => p is not null && (revisionHash is null || p.Revision.Hash == revisionHash))
            .Select(p => ToAgentPod(p!))
            .ToList());

    /// <summary>Follows the pods of <paramref name="revisionHash"/>: one watch request, then only events.</summary>
    public IAgentPodWatch WatchAgentPods(string revisionHash) =>
        Call<IAgentPodWatch>(nameof(WatchAgentPods), () => new SimulatedPodWatch(controlPlane, daemonSet, revisionHash)).Result;

    /// <summary>The pod as the rollout engine sees it.</summary>
    internal static AgentPod ToAgentPod(SimPod pod) =>
        new(pod.Name, SystemNodeName(pod.Node), pod.Revision.Hash, pod.Ready, pod.Restarts, pod.Phase == PodPhase.Terminating);

    public Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken) =>
        Call<IReadOnlyList<NodeInfo>>(nameof(ListNodesAsync), () => Enumerable.Range(0, daemonSet.Pods.Count)
            .Select(i => new NodeInfo(SystemNodeName(i), "zone-" + (char)('a' + (i % 3)), true))
            .ToList());

    public Task DeletePodAsync(string podName, CancellationToken cancellationToken) => Call(nameof(DeletePodAsync), () =>
        daemonSet.TryFindPod(podName, out var node) && daemonSet.DeletePod(node));

    public Task<DaemonSetSnapshot> UpdateSpecAsync(SpecChange change, CancellationToken cancellationToken) => Call(nameof(UpdateSpecAsync), () =>
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Template is { } template)
        {
            if (template.RevisionName is { } name)
            {
                var revision = daemonSet.Revisions.FirstOrDefault(r => Info(r).Name == name)
                    ?? throw new GateUsageException($"no ControllerRevision {name} of {Target}");
                daemonSet.SetUpdateRevision(revision);
            }
            else if (template.Image is { } image && images.TryGetValue(image, out var workload))
            {
                daemonSet.ApplyTemplate(workload);
            }
            else
            {
                throw new GateUsageException($"the simulated cluster does not know the template {template.Describe()}", hint: "register the image's workload with the simulator first");
            }

            generation++;
        }

        if (change.Strategy is { } strategy)
        {
            daemonSet.UpdateStrategy = strategy.Type;
            generation++;
            if (strategy.Type == "RollingUpdate")
            {
                daemonSet.Reconcile();
            }
        }

        resourceVersion++;
        return Snapshot();
    });

    public Task<DaemonSetSnapshot> WriteStateAsync(string? stateJson, string resourceVersion, CancellationToken cancellationToken) => Call(nameof(WriteStateAsync), () =>
    {
        if (resourceVersion != this.resourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new RolloutConflictException($"{Target} changed: resourceVersion {this.resourceVersion}, not {resourceVersion}");
        }

        this.stateJson = stateJson;
        this.resourceVersion++;
        return Snapshot();
    });

    public Task<LeaseResult> TryAcquireLeaseAsync(LeaseRequest request, CancellationToken cancellationToken) => Call(nameof(TryAcquireLeaseAsync), () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        if (leaseHolder is null || leaseHolder == request.Holder || request.Now >= leaseExpiry)
        {
            leaseHolder = request.Holder;
            leaseExpiry = request.Now + request.Duration;
            return new LeaseResult(true, leaseHolder);
        }

        return new LeaseResult(false, leaseHolder);
    });

    public Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken) => Call(nameof(ReleaseLeaseAsync), () =>
    {
        if (leaseHolder == holder)
        {
            leaseHolder = null;
        }

        return true;
    });

    /// <summary>The node name the system clients and the operator share.</summary>
    private static string SystemNodeName(int node) => Clients.SystemClients.NodeName(node);

    private RevisionInfo Info(SimRevision revision) => new($"{daemonSet.Name}-{revision.Hash}", revision.Number, revision.Hash);

    private DaemonSetSnapshot Snapshot()
    {
        // the DaemonSet's counts are kept as pods change: a snapshot at every engine step reads no pod
        var update = daemonSet.UpdateRevision;
        var ready = daemonSet.ReadyPods;
        var updated = daemonSet.Count(update).Pods;
        return new DaemonSetSnapshot
        {
            ResourceVersion = resourceVersion.ToString(CultureInfo.InvariantCulture),
            Generation = generation,
            ObservedGeneration = generation,
            Strategy = new UpdateStrategySpec(daemonSet.UpdateStrategy),
            StateJson = stateJson,
            Images = [ImageOf(update.Template)],
            ServiceAccountName = update.Template.ServiceAccount ?? "default",
            DesiredNumberScheduled = daemonSet.Pods.Count,
            NumberReady = ready,
            UpdatedNumberScheduled = updated,
            NumberUnavailable = daemonSet.Pods.Count - ready,
        };
    }

    private Task<T> Call<T>(string method, Func<T> body)
    {
        calls[method] = calls.GetValueOrDefault(method) + 1;
        if (controlPlane.ReplicasUp == 0)
        {
            throw new GateEnvironmentException($"the simulated API server is unreachable ({method})");
        }

        return Task.FromResult(body());
    }
}
