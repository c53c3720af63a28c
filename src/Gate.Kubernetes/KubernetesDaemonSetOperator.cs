using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core;
using Gate.Core.Rollout;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gate.Kubernetes;

/// <summary>
/// <see cref="IDaemonSetOperator"/> over KubernetesClient: the DaemonSet, its ControllerRevisions, its pods and the
/// nodes (the Lease is <see cref="KubernetesRolloutLease"/>, the canary FlowSchema <see cref="KubernetesFlowSchemas"/>,
/// the JSON mapping <see cref="DaemonSetJson"/>). DaemonSets (apps/v1 or apps.kruise.io/v1alpha1) are read
/// and written as JSON so no field the gate does not know is lost; pods are listed only with the DaemonSet's label
/// selector in its namespace (paged), nodes in pages of 500; the new revision's pods are followed by one watch
/// (<see cref="KubernetesPodWatch"/>). 429/5xx/timeouts are retried by <see cref="RetryHandler"/>;
/// spec changes re-read on 409; state writes surface 409 as <see cref="RolloutConflictException"/>.
/// </summary>
public sealed class KubernetesDaemonSetOperator : IDaemonSetOperator
{
    /// <summary>Page size of pod and node lists.</summary>
    public const int PageSize = 500;

    private static readonly HashSet<string> CrashReasons = new(StringComparer.Ordinal) { "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "InvalidImageName" };
    private readonly IKubernetes client;
    private readonly KubernetesRolloutLease lease;
    private string? selector;
    private string? uid;

    public KubernetesDaemonSetOperator(IKubernetes client, DaemonSetRef target)
    {
        this.client = client;
        Target = target;
        lease = new KubernetesRolloutLease(client, target);
    }

    /// <inheritdoc />
    public DaemonSetRef Target { get; }

    private string Group => Target.Kruise ? "apps.kruise.io" : "apps";

    private string Version => Target.Kruise ? "v1alpha1" : "v1";

    /// <inheritdoc />
    public async Task<DaemonSetSnapshot> GetDaemonSetAsync(CancellationToken cancellationToken) =>
        DaemonSetJson.Snapshot(await ReadAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<IReadOnlyList<RevisionInfo>> ListRevisionsAsync(CancellationToken cancellationToken)
    {
        var labels = await SelectorAsync(cancellationToken).ConfigureAwait(false);
        var list = await CallAsync(() => client.AppsV1.ListNamespacedControllerRevisionAsync(Target.Namespace, labelSelector: labels, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return list.Items
            .Where(r => r.Metadata.OwnerReferences?.Any(o => o.Uid == uid) ?? false)
            .Select(r => new RevisionInfo(r.Metadata.Name, r.Revision ?? 0, r.Metadata.Labels?.TryGetValue("controller-revision-hash", out var h) == true ? h : r.Metadata.Name))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentPod>> ListAgentPodsAsync(string? revisionHash, CancellationToken cancellationToken)
    {
        var labels = await SelectorAsync(cancellationToken).ConfigureAwait(false);
        if (revisionHash is not null)
        {
            labels += ",controller-revision-hash=" + revisionHash;
        }

        var pods = new List<AgentPod>();
        string? next = null;
        do
        {
            var page = await CallAsync(() => client.CoreV1.ListNamespacedPodAsync(Target.Namespace, labelSelector: labels, limit: PageSize, continueParameter: next, cancellationToken: cancellationToken)).ConfigureAwait(false);
            pods.AddRange(page.Items.Select(ToAgentPod));
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        return pods;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = new List<NodeInfo>();
        string? next = null;
        do
        {
            var page = await CallAsync(() => client.CoreV1.ListNodeAsync(limit: PageSize, continueParameter: next, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var node in page.Items)
            {
                var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
                var zone = labels.TryGetValue("topology.kubernetes.io/zone", out var z) ? z : labels.TryGetValue("failure-domain.beta.kubernetes.io/zone", out var old) ? old : string.Empty;
                var ready = node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;
                nodes.Add(new NodeInfo(node.Metadata.Name, zone, ready && node.Spec?.Unschedulable != true));
            }

            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        return nodes;
    }

    /// <inheritdoc />
    public async Task DeletePodAsync(string podName, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(() => client.CoreV1.DeleteNamespacedPodAsync(podName, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // already gone: the controller replaces it anyway
        }
    }

    /// <inheritdoc />
    public async Task<DaemonSetSnapshot> UpdateSpecAsync(SpecChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        JsonObject? template = null;
        if (change.Template?.RevisionName is { } revisionName)
        {
            template = await RevisionTemplateAsync(revisionName, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            var ds = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var spec = (JsonObject)ds["spec"]!;
            if (change.Template is { } t)
            {
                DaemonSetJson.ApplyTemplate(spec, t, template);
            }

            if (change.Strategy is { } strategy)
            {
                DaemonSetJson.ApplyStrategy(spec, strategy);
            }

            try
            {
                var written = await CallAsync(() => client.CustomObjects.ReplaceNamespacedCustomObjectAsync(ds, Group, Version, Target.Namespace, "daemonsets", Target.Name, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return DaemonSetJson.Snapshot(DaemonSetJson.ToNode(written));
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
                // someone changed the DaemonSet since we read it: read again and reapply (the change is idempotent)
            }
        }
    }

    /// <inheritdoc />
    public async Task<DaemonSetSnapshot> WriteStateAsync(string? stateJson, string resourceVersion, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = resourceVersion,
                ["annotations"] = new JsonObject { [RolloutState.AnnotationKey] = stateJson },
            },
        };
        try
        {
            var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
            var written = await CallAsync(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(body, Group, Version, Target.Namespace, "daemonsets", Target.Name, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return DaemonSetJson.Snapshot(DaemonSetJson.ToNode(written));
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new RolloutConflictException($"{Target} changed since resourceVersion {resourceVersion}", ex);
        }
    }

    /// <inheritdoc />
    public IAgentPodWatch WatchAgentPods(string revisionHash) => new SelectorDeferredWatch(this, revisionHash);

    internal static AgentPod ToAgentPod(V1Pod pod)
    {
        var statuses = pod.Status?.ContainerStatuses ?? [];
        return new AgentPod(
            pod.Metadata.Name,
            pod.Spec?.NodeName ?? string.Empty,
            pod.Metadata.Labels?.TryGetValue("controller-revision-hash", out var hash) == true ? hash : null,
            pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false,
            statuses.Sum(s => s.RestartCount),
            pod.Metadata.DeletionTimestamp is not null,
            statuses.Any(s => s.State?.Waiting?.Reason is { } reason && CrashReasons.Contains(reason)));
    }

    /// <inheritdoc />
    public Task<LeaseResult> TryAcquireLeaseAsync(LeaseRequest request, CancellationToken cancellationToken) =>
        lease.TryAcquireAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken) =>
        lease.ReleaseAsync(holder, cancellationToken);

    /// <summary>Maps a refusal or an unreachable cluster to <see cref="GateEnvironmentException"/> (exit 3).</summary>
    private Task<T> CallAsync<T>(Func<Task<T>> call) => ApiCalls.CallAsync(call, Target, "for " + Target);

    private async Task<JsonObject> ReadAsync(CancellationToken cancellationToken)
    {
        var raw = await CallAsync(() => client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, Target.Namespace, "daemonsets", Target.Name, cancellationToken)).ConfigureAwait(false);
        var ds = DaemonSetJson.ToNode(raw);
        selector ??= DaemonSetJson.SelectorString(ds["spec"]?["selector"]);
        uid ??= ds["metadata"]?["uid"]?.GetValue<string>();
        return ds;
    }

    private async Task<string> SelectorAsync(CancellationToken cancellationToken)
    {
        if (selector is null)
        {
            await ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        return selector!;
    }

    /// <summary>Reads the DaemonSet's selector on the first read, then follows the pods with <see cref="KubernetesPodWatch"/>.</summary>
    private sealed class SelectorDeferredWatch(KubernetesDaemonSetOperator owner, string revisionHash) : IAgentPodWatch
    {
        private KubernetesPodWatch? watch;

        public string RevisionHash => revisionHash;

        public async Task<IReadOnlyList<AgentPod>> PodsAsync(CancellationToken cancellationToken) =>
            await (await WatchAsync(cancellationToken).ConfigureAwait(false)).PodsAsync(cancellationToken).ConfigureAwait(false);

        public async Task<AgentPodTally?> TallyAsync(CancellationToken cancellationToken) =>
            await (await WatchAsync(cancellationToken).ConfigureAwait(false)).TallyAsync(cancellationToken).ConfigureAwait(false);

        // Before the first read nothing is kept: null sends the caller to PodsAsync, which starts the watch.
        public AgentPodTally? Tally() => watch?.Tally();

        public IReadOnlyDictionary<string, AgentPod>? PodsOn(IReadOnlyCollection<string> nodes) => watch?.PodsOn(nodes);

        public Task WaitForChangeAsync(TimeSpan maxWait, TimeProvider time, CancellationToken cancellationToken) =>
            watch?.WaitForChangeAsync(maxWait, time, cancellationToken) ?? Task.CompletedTask;

        private async Task<KubernetesPodWatch> WatchAsync(CancellationToken cancellationToken) =>
            watch ??= new KubernetesPodWatch(owner.client, owner.Target, await owner.SelectorAsync(cancellationToken).ConfigureAwait(false), revisionHash);

        public void Dispose() => watch?.Dispose();
    }

    private async Task<JsonObject> RevisionTemplateAsync(string name, CancellationToken cancellationToken)
    {
        var revision = await CallAsync(() => client.AppsV1.ReadNamespacedControllerRevisionAsync(name, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var data = revision.Data is null ? null : DaemonSetJson.ToNode(revision.Data);
        if (data?["spec"]?["template"] is not JsonObject template)
        {
            throw new GateEnvironmentException($"ControllerRevision {name} holds no pod template");
        }

        var copy = (JsonObject)template.DeepClone();
        copy.Remove("$patch");
        return copy;
    }
}
