namespace Gate.Core.Rollout;

/// <summary>The update strategy of a DaemonSet, as the gate found it (restored at the end of every rollout).</summary>
/// <param name="Type"><c>RollingUpdate</c> or <c>OnDelete</c>.</param>
/// <param name="MaxUnavailable">rollingUpdate.maxUnavailable as written (e.g. <c>1</c>, <c>10%</c>), null when unset.</param>
/// <param name="MaxSurge">rollingUpdate.maxSurge as written, null when unset.</param>
/// <param name="Partition">Kruise rollingUpdate.partition, null when unset.</param>
public sealed record UpdateStrategySpec(string Type, string? MaxUnavailable = null, string? MaxSurge = null, int? Partition = null)
{
    /// <summary>The strategy under which only the gate replaces pods.</summary>
    public static UpdateStrategySpec OnDelete { get; } = new("OnDelete");
}

/// <summary>What the gate reads of a DaemonSet.</summary>
public sealed record DaemonSetSnapshot
{
    /// <summary>resourceVersion: the precondition of every state write.</summary>
    public required string ResourceVersion { get; init; }

    public long Generation { get; init; }

    public long ObservedGeneration { get; init; }

    public required UpdateStrategySpec Strategy { get; init; }

    /// <summary>The <c>gate.dev/rollout</c> annotation, null when absent.</summary>
    public string? StateJson { get; init; }

    /// <summary>Images of the pod template's containers, in order (for display and the plan target).</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    public int DesiredNumberScheduled { get; init; }

    public int NumberReady { get; init; }

    public int UpdatedNumberScheduled { get; init; }

    public int NumberUnavailable { get; init; }

    /// <summary>The pod template's ServiceAccount (<c>default</c> when unset): the subject of the canary FlowSchema.</summary>
    public string ServiceAccountName { get; init; } = "default";
}

/// <summary>One ControllerRevision of the DaemonSet.</summary>
/// <param name="Name">Object name.</param>
/// <param name="Revision">The revision number; the highest is the DaemonSet's current template.</param>
/// <param name="Hash">The <c>controller-revision-hash</c> label its pods carry.</param>
public sealed record RevisionInfo(string Name, long Revision, string Hash);

/// <summary>One pod of the agent.</summary>
/// <param name="Name">Pod name.</param>
/// <param name="NodeName">spec.nodeName (empty while unscheduled).</param>
/// <param name="RevisionHash">The <c>controller-revision-hash</c> label.</param>
/// <param name="Ready">The Ready condition is True.</param>
/// <param name="Restarts">Sum of container restart counts.</param>
/// <param name="Terminating">metadata.deletionTimestamp is set.</param>
/// <param name="CrashLooping">A container waits with reason CrashLoopBackOff (or similar image errors).</param>
public sealed record AgentPod(string Name, string NodeName, string? RevisionHash, bool Ready, int Restarts, bool Terminating = false, bool CrashLooping = false);

/// <summary>One node: name, topology zone (empty when unlabelled) and readiness.</summary>
public sealed record NodeInfo(string Name, string Zone, bool Ready);

/// <summary>A change of the DaemonSet's spec: template and/or update strategy.</summary>
public sealed record SpecChange
{
    /// <summary>New template, null to keep it.</summary>
    public TemplateChange? Template { get; init; }

    /// <summary>New update strategy, null to keep it.</summary>
    public UpdateStrategySpec? Strategy { get; init; }
}

/// <summary>
/// How the template changes: a new image for one container, a whole new pod template (JSON of
/// <c>spec.template</c>), or the template stored in an earlier ControllerRevision (rollback). Exactly one is set.
/// </summary>
public sealed record TemplateChange
{
    /// <summary>New image (with <see cref="Container"/>: that container, else the first).</summary>
    public string? Image { get; init; }

    public string? Container { get; init; }

    /// <summary>The full <c>spec.template</c> object as JSON.</summary>
    public string? TemplateJson { get; init; }

    /// <summary>Name of the ControllerRevision whose template to restore.</summary>
    public string? RevisionName { get; init; }

    /// <summary>A short stable description (recorded in the state so a resumed gate checks it runs the same rollout).</summary>
    public string Describe() =>
        Image is not null ? "image " + (Container is null ? string.Empty : Container + "=") + Image
        : TemplateJson is not null ? "template sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TemplateJson)))[..12]
        : "revision " + RevisionName;
}

/// <summary>A request to acquire or renew the rollout Lease.</summary>
/// <param name="Holder">The identity of this gate (host/pid/random).</param>
/// <param name="Duration">leaseDurationSeconds: after this without renewal another gate may take over.</param>
/// <param name="Now">The gate's clock (renewTime).</param>
public sealed record LeaseRequest(string Holder, TimeSpan Duration, DateTimeOffset Now);

/// <summary>The answer to a <see cref="LeaseRequest"/>.</summary>
/// <param name="Acquired">True when this holder now holds the Lease.</param>
/// <param name="CurrentHolder">Who holds it (this holder or another).</param>
public sealed record LeaseResult(bool Acquired, string? CurrentHolder);
