using Gate.Core.Agents;
using Gate.Simulation.Clients;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Cluster;

/// <summary>
/// A DaemonSet on the simulated cluster with its DaemonSet controller: every node without a pod gets one of the
/// update revision, created through the API server at kube-controller-manager's client rate (so creation stalls
/// when the API server is down). <c>RollingUpdate</c> replaces old pods itself; <c>OnDelete</c> only replaces the
/// pods someone deletes (what the gate drives).
/// </summary>
public sealed class SimDaemonSet
{
    private const double RetryDelay = 1;
    private readonly ControlPlaneModel controlPlane;
    private readonly RequestCostModel costs;
    private readonly List<SimRevision> revisions = [];
    private readonly SimPod?[] pods;
    private readonly Queue<int> pending = new();
    private readonly HashSet<int> pendingSet = [];
    private readonly RequestCost createCost;
    private readonly Dictionary<SimRevision, AgentCohort> cohorts = [];
    private bool controllerBusy;
    private long created;

    public SimDaemonSet(ControlPlaneModel controlPlane, RequestCostModel costs, Workload template, string updateStrategy = "RollingUpdate")
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
        this.costs = costs ?? throw new ArgumentNullException(nameof(costs));
        ArgumentNullException.ThrowIfNull(template);
        Namespace = template.Namespace;
        Name = template.Name;
        UpdateStrategy = updateStrategy;
        pods = new SimPod?[controlPlane.Profile.Nodes];
        createCost = costs.Price(new AccessPattern { Verb = ApiVerb.Create, Resource = "pods", Scope = PatternScope.Namespace });
        AddRevision(template);
        PodChanged += Recount; // first handler: the counts are current when any watch sees the change
    }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary><c>RollingUpdate</c> or <c>OnDelete</c>.</summary>
    public string UpdateStrategy { get; set; }

    public IReadOnlyList<SimRevision> Revisions => revisions;

    /// <summary>The revision new pods get.</summary>
    public SimRevision UpdateRevision { get; private set; } = null!;

    /// <summary>Responses the agents of this DaemonSet saw.</summary>
    public ClientStats AgentStats { get; } = new();

    /// <summary>Every node's pod (null where none runs).</summary>
    public IReadOnlyList<SimPod?> Pods => pods;

    /// <summary>
    /// Raised after a pod was created, started, became Ready, was deleted or went away (what a pod watch would see);
    /// <see cref="Pods"/> already shows the change.
    /// </summary>
    public event Action<SimPod>? PodChanged;

    /// <summary>The highest number of pods that ever ran a revision at once, per revision hash.</summary>
    public IReadOnlyDictionary<string, int> PeakRunning => peakRunning;

    private readonly Dictionary<string, int> peakRunning = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> running = new(StringComparer.Ordinal);

    /// <summary>Pods of <paramref name="revision"/> (all phases but terminating), and how many of them are ready (kept as pods change: no pass over the nodes).</summary>
    public (int Pods, int Ready) Count(SimRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return (revision.LivePods, revision.ReadyPods);
    }

    /// <summary>Ready pods (not terminating) of every revision.</summary>
    public int ReadyPods { get; private set; }

    /// <summary>Pods running <paramref name="revision"/> now.</summary>
    public int Running(SimRevision revision) => running.GetValueOrDefault(revision.Hash);

    /// <summary>Creates the pods on every node (the DaemonSet was just created or its template changed under RollingUpdate).</summary>
    public void Reconcile()
    {
        for (var node = 0; node < pods.Length; node++)
        {
            var pod = pods[node];
            if (pod is null)
            {
                Enqueue(node);
            }
            else if (UpdateStrategy == "RollingUpdate" && pod.Revision != UpdateRevision && pod.Phase != PodPhase.Terminating)
            {
                DeletePod(node);
            }
        }
    }

    /// <summary>Applies a new pod template: a new revision becomes the update revision (or an existing equal one is reused).</summary>
    public SimRevision ApplyTemplate(Workload template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var existing = revisions.FirstOrDefault(r => r.Template == template);
        if (existing is not null)
        {
            SetUpdateRevision(existing);
            return existing;
        }

        return AddRevision(template);
    }

    /// <summary>Makes an existing revision the update revision again (rollback).</summary>
    public void SetUpdateRevision(SimRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (revision != UpdateRevision)
        {
            revision.Number = revisions.Max(r => r.Number) + 1;
        }

        UpdateRevision = revision;
    }

    /// <summary>Starts the pods of a revision on every node at once, already running (the steady state before a run).</summary>
    public void StartAllRunning()
    {
        for (var node = 0; node < pods.Length; node++)
        {
            var pod = new SimPod(node, PodName(node), UpdateRevision, controlPlane.Simulator.Now);
            pods[node] = pod;
            Run(pod, controlPlane.Simulator.Now + (controlPlane.Simulator.Random.NextDouble() * PeriodOf(pod.Revision)));
            pod.Ready = true;
            Recount(pod);
        }
    }

    /// <summary>Deletes the pod on <paramref name="node"/>; the controller recreates it from the update revision.</summary>
    public bool DeletePod(int node)
    {
        var pod = pods[node];
        if (pod is null || pod.Phase == PodPhase.Terminating)
        {
            return false;
        }

        if (pod.Phase == PodPhase.Running)
        {
            running[pod.Revision.Hash]--;
            if (cohorts.TryGetValue(pod.Revision, out var cohort))
            {
                cohort.Leave(pod.Node);
            }
        }

        pod.Phase = PodPhase.Terminating;
        pod.Ready = false;
        pod.Agent?.Stop();
        PodChanged?.Invoke(pod);
        controlPlane.Simulator.After(2, () =>
        {
            if (pods[node] == pod)
            {
                pods[node] = null;
                PodChanged?.Invoke(pod);
                Enqueue(node);
            }
        });
        return true;
    }

    private SimRevision AddRevision(Workload template)
    {
        var number = revisions.Count == 0 ? 1 : revisions.Max(r => r.Number) + 1;
        var hash = (StableHash.Of($"{Namespace}/{Name}/{number}/{template.Agent}") % 0xFFFFFFFFFFUL).ToString("x10", System.Globalization.CultureInfo.InvariantCulture);
        var revision = new SimRevision(number, hash, template);
        revisions.Add(revision);
        UpdateRevision = revision;
        return revision;
    }

    /// <summary>The node of the live pod named <paramref name="podName"/>, read from its name (no scan of the nodes).</summary>
    public bool TryFindPod(string podName, out int node)
    {
        ArgumentNullException.ThrowIfNull(podName);
        node = -1;
        var prefix = Name.Length + 1;
        // name-<node, at least 4 hex digits><3 hex digits of the creation counter>
        if (podName.Length < prefix + 7 || !podName.StartsWith(Name + "-", StringComparison.Ordinal)
            || !int.TryParse(podName.AsSpan(prefix, podName.Length - prefix - 3), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            || parsed < 0 || parsed >= pods.Length || pods[parsed]?.Name != podName)
        {
            return false;
        }

        node = parsed;
        return true;
    }

    // Unique per creation (a recreated pod gets a new name, like the controller's generated names).
    private string PodName(int node) => $"{Name}-{node:x4}{++created % 0x1000:x3}";

    private void Enqueue(int node)
    {
        if (pendingSet.Add(node))
        {
            pending.Enqueue(node);
        }

        if (!controllerBusy)
        {
            controllerBusy = true;
            controlPlane.Simulator.After(0, CreateNext);
        }
    }

    private void CreateNext()
    {
        if (pending.Count == 0)
        {
            controllerBusy = false;
            return;
        }

        var node = pending.Dequeue();
        pendingSet.Remove(node);
        if (pods[node] is null)
        {
            var revision = UpdateRevision;
            controlPlane.Submit(createCost.ToRequest(FlowClass.ControllerManager(Namespace), "kube-controller-manager", (_, outcome) =>
            {
                if (outcome == RequestOutcome.Ok && pods[node] is null)
                {
                    var pod = new SimPod(node, PodName(node), revision, controlPlane.Simulator.Now);
                    pods[node] = pod;
                    PodChanged?.Invoke(pod);
                    var start = controlPlane.Options.PodStartSeconds + (2 * controlPlane.Simulator.Random.NextDouble());
                    controlPlane.Simulator.After(start, () => Run(pod, controlPlane.Simulator.Now));
                }
                else if (pods[node] is null)
                {
                    controlPlane.Simulator.After(RetryDelay, () => Enqueue(node));
                }
            }));
        }

        controlPlane.Simulator.After(1 / controlPlane.Options.ControllerCreatesPerSecond, CreateNext);
    }

    private void Run(SimPod pod, double firstRequestAt)
    {
        if (pods[pod.Node] != pod || pod.Phase != PodPhase.Pending)
        {
            return;
        }

        pod.Phase = PodPhase.Running;
        var count = running.GetValueOrDefault(pod.Revision.Hash) + 1;
        running[pod.Revision.Hash] = count;
        peakRunning[pod.Revision.Hash] = Math.Max(peakRunning.GetValueOrDefault(pod.Revision.Hash), count);
        if (controlPlane.Options.ClientCohorts)
        {
            CohortOf(pod.Revision).Join(pod.Node, firstRequestAt);
        }
        else
        {
            pod.Agent = new AgentInstance(controlPlane, costs, pod.Revision.Template, AgentStats);
            pod.Agent.Start(firstRequestAt);
        }
        controlPlane.Simulator.After(controlPlane.Options.PodReadySeconds, () =>
        {
            if (pod.Phase == PodPhase.Running)
            {
                pod.Ready = true;
                PodChanged?.Invoke(pod);
            }
        });
    }

    /// <summary>
    /// Brings the counts (<see cref="Count"/>, <see cref="ReadyPods"/>) to <paramref name="pod"/>'s state: what it counted
    /// for before is taken back, what it counts for now added. Runs on every <see cref="PodChanged"/>.
    /// </summary>
    private void Recount(SimPod pod)
    {
        var live = pod.Phase != PodPhase.Terminating && pods[pod.Node] == pod;
        var ready = live && pod.Ready;
        var (wasLive, wasReady) = pod.Counted;
        pod.Revision.LivePods += (live ? 1 : 0) - (wasLive ? 1 : 0);
        pod.Revision.ReadyPods += (ready ? 1 : 0) - (wasReady ? 1 : 0);
        ReadyPods += (ready ? 1 : 0) - (wasReady ? 1 : 0);
        pod.Counted = (live, ready);
    }

    // The running pods of a revision behave alike: one client object for all of them.
    private AgentCohort CohortOf(SimRevision revision)
    {
        if (!cohorts.TryGetValue(revision, out var cohort))
        {
            cohort = new AgentCohort(controlPlane, costs, revision.Template, AgentStats, pods.Length);
            cohorts.Add(revision, cohort);
        }

        return cohort;
    }

    private static double PeriodOf(SimRevision revision) =>
        revision.Template.AccessPatterns.Select(p => p.PeriodSeconds ?? 0).DefaultIfEmpty(0).Max();
}
