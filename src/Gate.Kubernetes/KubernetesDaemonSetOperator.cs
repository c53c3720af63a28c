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
/// <see cref="IDaemonSetOperator"/> over KubernetesClient. DaemonSets (apps/v1 or apps.kruise.io/v1alpha1) are read
/// and written as JSON so no field the gate does not know is lost; pods are listed only with the DaemonSet's label
/// selector in its namespace (paged), nodes in pages of 500. 429/5xx/timeouts are retried by <see cref="RetryHandler"/>;
/// spec changes re-read on 409; state writes surface 409 as <see cref="RolloutConflictException"/>.
/// </summary>
public sealed class KubernetesDaemonSetOperator : IDaemonSetOperator, ICanaryFlowSchemas
{
    private const string FlowControlGroup = "flowcontrol.apiserver.k8s.io";
    private const string FlowControlVersion = "v1";

    /// <summary>Page size of pod and node lists.</summary>
    public const int PageSize = 500;

    private static readonly HashSet<string> CrashReasons = new(StringComparer.Ordinal) { "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "InvalidImageName" };
    private readonly IKubernetes client;
    private string? selector;
    private string? uid;

    public KubernetesDaemonSetOperator(IKubernetes client, DaemonSetRef target)
    {
        this.client = client;
        Target = target;
    }

    /// <inheritdoc />
    public DaemonSetRef Target { get; }

    private string Group => Target.Kruise ? "apps.kruise.io" : "apps";

    private string Version => Target.Kruise ? "v1alpha1" : "v1";

    /// <inheritdoc />
    public async Task<DaemonSetSnapshot> GetDaemonSetAsync(CancellationToken cancellationToken) =>
        Snapshot(await ReadAsync(cancellationToken).ConfigureAwait(false));

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
                ApplyTemplate(spec, t, template);
            }

            if (change.Strategy is { } strategy)
            {
                ApplyStrategy(spec, strategy);
            }

            try
            {
                var written = await CallAsync(() => client.CustomObjects.ReplaceNamespacedCustomObjectAsync(ds, Group, Version, Target.Namespace, "daemonsets", Target.Name, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return Snapshot(ToNode(written));
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
            return Snapshot(ToNode(written));
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new RolloutConflictException($"{Target} changed since resourceVersion {resourceVersion}", ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A 409 on the create or replace means the Lease changed between read and write: another gate took it, or this
    /// gate's own earlier attempt landed and only its answer was lost (the retry then conflicts with it). Either way the
    /// Lease is read and judged again (a few times), rather than reporting a holder that may be this gate itself.
    /// </remarks>
    public async Task<LeaseResult> TryAcquireLeaseAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryAcquireOnceAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                if (attempt >= 3)
                {
                    return new LeaseResult(false, "another gate (the Lease kept changing while acquiring)");
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken)
    {
        try
        {
            var lease = await CallAsync(() => client.CoordinationV1.ReadNamespacedLeaseAsync(Target.LeaseName, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != holder)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            await CallAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, Target.LeaseName, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // gone or taken over: nothing to release
        }
    }

    /// <inheritdoc />
    public async Task EnsureAsync(CanaryFlowSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        try
        {
            await CallAsync(() => client.CustomObjects.CreateClusterCustomObjectAsync(FlowSchemaObject(schema), FlowControlGroup, FlowControlVersion, "flowschemas", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // it exists: created by this rollout before the gate was restarted
        }
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string name, string owner, CancellationToken cancellationToken)
    {
        try
        {
            var found = ToNode(await CallAsync(() => client.CustomObjects.GetClusterCustomObjectAsync(FlowControlGroup, FlowControlVersion, "flowschemas", name, cancellationToken)).ConfigureAwait(false));
            if (found["metadata"]?["annotations"]?[CanaryFlowSchema.OwnerAnnotation]?.GetValue<string>() != owner)
            {
                return; // not the gate's schema for this DaemonSet: leave it alone
            }

            var uidOf = found["metadata"]?["uid"]?.GetValue<string>();
            var options = new V1DeleteOptions { Preconditions = uidOf is null ? null : new V1Preconditions { Uid = uidOf } };
            await CallAsync(() => client.CustomObjects.DeleteClusterCustomObjectAsync(FlowControlGroup, FlowControlVersion, "flowschemas", name, options, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // already gone (or replaced by someone else)
        }
    }

    /// <summary>The FlowSchema object of <paramref name="schema"/>.</summary>
    internal static JsonObject FlowSchemaObject(CanaryFlowSchema schema) => new()
    {
        ["apiVersion"] = FlowControlGroup + "/" + FlowControlVersion,
        ["kind"] = "FlowSchema",
        ["metadata"] = new JsonObject
        {
            ["name"] = schema.Name,
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "gate" },
            ["annotations"] = new JsonObject { [CanaryFlowSchema.OwnerAnnotation] = schema.Owner },
        },
        ["spec"] = new JsonObject
        {
            ["priorityLevelConfiguration"] = new JsonObject { ["name"] = schema.PriorityLevel },
            ["matchingPrecedence"] = CanaryFlowSchema.MatchingPrecedence,
            ["distinguisherMethod"] = new JsonObject { ["type"] = "ByUser" },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["subjects"] = new JsonArray(new JsonObject
                {
                    ["kind"] = "ServiceAccount",
                    ["serviceAccount"] = new JsonObject { ["name"] = schema.ServiceAccount, ["namespace"] = schema.ServiceAccountNamespace },
                }),
                ["resourceRules"] = new JsonArray(new JsonObject
                {
                    ["verbs"] = new JsonArray("*"),
                    ["apiGroups"] = new JsonArray("*"),
                    ["resources"] = new JsonArray("*"),
                    ["clusterScope"] = true,
                    ["namespaces"] = new JsonArray("*"),
                }),
                ["nonResourceRules"] = new JsonArray(new JsonObject
                {
                    ["verbs"] = new JsonArray("*"),
                    ["nonResourceURLs"] = new JsonArray("*"),
                }),
            }),
        },
    };

    /// <summary>The label selector string of a DaemonSet's <c>spec.selector</c>.</summary>
    internal static string SelectorString(JsonNode? selector)
    {
        var terms = new List<string>();
        if (selector?["matchLabels"] is JsonObject labels)
        {
            terms.AddRange(labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value?.GetValue<string>()}"));
        }

        if (selector?["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions.OfType<JsonObject>())
            {
                var key = e["key"]?.GetValue<string>();
                var values = string.Join(',', (e["values"] as JsonArray)?.Select(v => v?.GetValue<string>()) ?? []);
                terms.Add(e["operator"]?.GetValue<string>() switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "DoesNotExist" => "!" + key,
                    _ => key!,
                });
            }
        }

        return string.Join(',', terms);
    }

    internal static DaemonSetSnapshot Snapshot(JsonObject ds)
    {
        var meta = ds["metadata"]!;
        var spec = ds["spec"];
        var status = ds["status"];
        var strategy = spec?["updateStrategy"];
        var rolling = strategy?["rollingUpdate"];
        return new DaemonSetSnapshot
        {
            ResourceVersion = meta["resourceVersion"]?.GetValue<string>() ?? string.Empty,
            Generation = Long(meta["generation"]),
            ObservedGeneration = Long(status?["observedGeneration"]),
            Strategy = new UpdateStrategySpec(
                strategy?["type"]?.GetValue<string>() ?? "RollingUpdate",
                Text(rolling?["maxUnavailable"]),
                Text(rolling?["maxSurge"]),
                rolling?["partition"] is { } p ? (int)Long(p) : null),
            StateJson = meta["annotations"]?[RolloutState.AnnotationKey]?.GetValue<string>(),
            Images = (spec?["template"]?["spec"]?["containers"] as JsonArray)?.Select(c => c?["image"]?.GetValue<string>() ?? string.Empty).ToList() ?? [],
            DesiredNumberScheduled = (int)Long(status?["desiredNumberScheduled"]),
            NumberReady = (int)Long(status?["numberReady"]),
            UpdatedNumberScheduled = (int)Long(status?["updatedNumberScheduled"]),
            NumberUnavailable = (int)Long(status?["numberUnavailable"]),
            ServiceAccountName = ServiceAccountOf(spec?["template"]),
        };
    }

    internal static void ApplyStrategy(JsonObject spec, UpdateStrategySpec strategy)
    {
        var current = spec["updateStrategy"] as JsonObject ?? [];
        var rolling = current["rollingUpdate"] as JsonObject ?? [];
        var next = new JsonObject { ["type"] = strategy.Type };
        if (strategy.Type == "RollingUpdate")
        {
            var updated = (JsonObject)rolling.DeepClone();
            SetIntOrString(updated, "maxUnavailable", strategy.MaxUnavailable);
            SetIntOrString(updated, "maxSurge", strategy.MaxSurge);
            if (strategy.Partition is { } partition)
            {
                updated["partition"] = partition;
            }
            else
            {
                updated.Remove("partition");
            }

            next["rollingUpdate"] = updated;
        }

        spec["updateStrategy"] = next;
    }

    internal static void ApplyTemplate(JsonObject spec, TemplateChange change, JsonObject? revisionTemplate)
    {
        if (revisionTemplate is not null)
        {
            spec["template"] = revisionTemplate.DeepClone();
        }
        else if (change.TemplateJson is { } json)
        {
            spec["template"] = JsonNode.Parse(json) as JsonObject ?? throw new GateUsageException("the new pod template is not a JSON object");
        }
        else if (change.Image is { } image)
        {
            var containers = spec["template"]?["spec"]?["containers"] as JsonArray ?? throw new GateUsageException("the DaemonSet has no containers");
            var container = change.Container is null
                ? containers.FirstOrDefault()
                : containers.FirstOrDefault(c => c?["name"]?.GetValue<string>() == change.Container)
                    ?? throw new GateUsageException($"the DaemonSet has no container named {change.Container}");
            container!["image"] = image;
        }
    }

    private static void SetIntOrString(JsonObject target, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        target[key] = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value);
    }

    private static AgentPod ToAgentPod(V1Pod pod)
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

    private static string ServiceAccountOf(JsonNode? template)
    {
        var spec = template?["spec"];
        var name = Text(spec?["serviceAccountName"]) ?? Text(spec?["serviceAccount"]);
        return string.IsNullOrEmpty(name) ? "default" : name;
    }

    private static long Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    internal static JsonObject ToNode(object value) => value switch
    {
        JsonObject o => o,
        JsonElement e => JsonObjectOf(e),
        _ => JsonNode.Parse(KubernetesJson.Serialize(value)) as JsonObject ?? [],
    };

    private static JsonObject JsonObjectOf(JsonElement e) => e.ValueKind == JsonValueKind.Object ? JsonObject.Create(e) ?? [] : [];

    /// <summary>Maps a refusal or an unreachable cluster to <see cref="GateEnvironmentException"/> (exit 3).</summary>
    private Task<T> CallAsync<T>(Func<Task<T>> call) => ApiCalls.CallAsync(call, Target, "for " + Target);

    private async Task<LeaseResult> TryAcquireOnceAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        var now = request.Now.UtcDateTime;
        var seconds = (int)Math.Ceiling(request.Duration.TotalSeconds);
        V1Lease? lease;
        try
        {
            lease = await CallAsync(() => client.CoordinationV1.ReadNamespacedLeaseAsync(Target.LeaseName, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            lease = null;
        }

        if (lease is null)
        {
            var created = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = Target.LeaseName, NamespaceProperty = Target.Namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "gate" } },
                Spec = new V1LeaseSpec { HolderIdentity = request.Holder, LeaseDurationSeconds = seconds, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 },
            };
            await CallAsync(() => client.CoordinationV1.CreateNamespacedLeaseAsync(created, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new LeaseResult(true, request.Holder);
        }

        var spec = lease.Spec ??= new V1LeaseSpec();
        var holder = spec.HolderIdentity;
        var expires = (spec.RenewTime ?? spec.AcquireTime ?? DateTime.MinValue).ToUniversalTime().AddSeconds(spec.LeaseDurationSeconds ?? 0);
        var mine = holder == request.Holder;
        if (!mine && !string.IsNullOrEmpty(holder) && expires > now)
        {
            return new LeaseResult(false, holder);
        }

        if (!mine)
        {
            spec.AcquireTime = now;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.HolderIdentity = request.Holder;
        spec.LeaseDurationSeconds = seconds;
        spec.RenewTime = now;
        await CallAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, Target.LeaseName, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new LeaseResult(true, request.Holder);
    }

    private async Task<JsonObject> ReadAsync(CancellationToken cancellationToken)
    {
        var raw = await CallAsync(() => client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, Target.Namespace, "daemonsets", Target.Name, cancellationToken)).ConfigureAwait(false);
        var ds = ToNode(raw);
        selector ??= SelectorString(ds["spec"]?["selector"]);
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

    private async Task<JsonObject> RevisionTemplateAsync(string name, CancellationToken cancellationToken)
    {
        var revision = await CallAsync(() => client.AppsV1.ReadNamespacedControllerRevisionAsync(name, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var data = revision.Data is null ? null : ToNode(revision.Data);
        if (data?["spec"]?["template"] is not JsonObject template)
        {
            throw new GateEnvironmentException($"ControllerRevision {name} holds no pod template");
        }

        var copy = (JsonObject)template.DeepClone();
        copy.Remove("$patch");
        return copy;
    }
}
