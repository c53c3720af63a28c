using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core;
using Gate.Core.Manifests;
using Gate.Core.Rollout;
using k8s;
using k8s.Autorest;

namespace Gate.Kubernetes;

/// <summary>
/// Reads what the pre-flight <c>gate check</c> of a rollout needs from the cluster, with GETs by name only: the
/// DaemonSet (its pod template replaced by the rollout's target), the ConfigMaps that template mounts or reads, its
/// ServiceAccount and the RBAC bound to it by the usual convention (a RoleBinding / ClusterRoleBinding named like the
/// ServiceAccount); and the node count from one <c>limit=1</c> node LIST (<c>remainingItemCount</c>).
/// Every object comes back as an indented JSON <see cref="ManifestSource"/> named <c>cluster:Kind/namespace/name</c>.
/// </summary>
public sealed class KubernetesPreflightReader
{
    private const string RbacGroup = "rbac.authorization.k8s.io";
    private const string RbacVersion = "v1";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] DroppedMetadata = ["managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink"];
    private static readonly string[] DroppedAnnotations = [RolloutState.AnnotationKey, "kubectl.kubernetes.io/last-applied-configuration", "deprecated.daemonset.template.generation"];
    private readonly IKubernetes client;

    public KubernetesPreflightReader(IKubernetes client, DaemonSetRef target)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        Target = target ?? throw new ArgumentNullException(nameof(target));
    }

    /// <summary>The DaemonSet being rolled out.</summary>
    public DaemonSetRef Target { get; }

    /// <summary>The number of nodes: one LIST with <c>limit=1</c>; its length plus <c>remainingItemCount</c>.</summary>
    public async Task<int> CountNodesAsync(CancellationToken cancellationToken)
    {
        var page = await CallAsync(() => client.CoreV1.ListNodeAsync(limit: 1, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var count = page.Items.Count + (int)(page.Metadata?.RemainingItemCount ?? 0);
        var next = page.Metadata?.ContinueProperty;
        if (string.IsNullOrEmpty(next) || page.Metadata?.RemainingItemCount is not null)
        {
            return count;
        }

        // the server did not say how many remain (it may omit remainingItemCount): count in pages instead
        while (!string.IsNullOrEmpty(next))
        {
            var more = await CallAsync(() => client.CoreV1.ListNodeAsync(limit: KubernetesDaemonSetOperator.PageSize, continueParameter: next, cancellationToken: cancellationToken)).ConfigureAwait(false);
            count += more.Items.Count;
            next = more.Metadata?.ContinueProperty;
        }

        return count;
    }

    /// <summary>
    /// Reads the DaemonSet as it will be after <paramref name="change"/> and the objects it refers to.
    /// <paramref name="provided"/> tells which objects (kind, namespace, name) the user passed in files: those are not read.
    /// Returns the sources and one line per object that was looked for and not found.
    /// </summary>
    public async Task<(IReadOnlyList<ManifestSource> Sources, IReadOnlyList<string> Missing, string? StateJson)> ReadAsync(
        TemplateChange? change, Func<string, string?, string, bool> provided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provided);
        var sources = new List<ManifestSource>();
        var missing = new List<string>();
        var group = Target.Kruise ? "apps.kruise.io" : "apps";
        var ds = DaemonSetJson.ToNode(await CallAsync(() => client.CustomObjects.GetNamespacedCustomObjectAsync(
            group, Target.Kruise ? "v1alpha1" : "v1", Target.Namespace, "daemonsets", Target.Name, cancellationToken)).ConfigureAwait(false));
        var stateJson = ds["metadata"]?["annotations"]?[RolloutState.AnnotationKey]?.GetValue<string>();
        var spec = ds["spec"] as JsonObject ?? throw new GateEnvironmentException($"DaemonSet {Target} has no spec");
        if (change is { RevisionName: null })
        {
            DaemonSetJson.ApplyTemplate(spec, change, null);
        }

        ds["apiVersion"] = "apps/v1"; // a Kruise Advanced DaemonSet runs the same pods
        ds["kind"] = "DaemonSet";
        if (!provided("DaemonSet", Target.Namespace, Target.Name))
        {
            sources.Add(Source(ds));
        }

        var template = spec["template"]?["spec"];
        foreach (var name in ConfigMapNames(template).Where(n => !provided("ConfigMap", Target.Namespace, n)))
        {
            await AddAsync(sources, missing, "ConfigMap", name, () => client.CoreV1.ReadNamespacedConfigMapAsync(name, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var account = template?["serviceAccountName"]?.GetValue<string>() ?? template?["serviceAccount"]?.GetValue<string>() ?? "default";
        if (!provided("ServiceAccount", Target.Namespace, account))
        {
            await AddAsync(sources, missing, "ServiceAccount", account, () => client.CoreV1.ReadNamespacedServiceAccountAsync(account, Target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await AddBindingAsync(sources, account, "RoleBinding", provided, cancellationToken).ConfigureAwait(false);
        await AddBindingAsync(sources, account, "ClusterRoleBinding", provided, cancellationToken).ConfigureAwait(false);
        return (sources, missing, stateJson);
    }

    /// <summary>ConfigMaps a pod spec mounts (volumes, projected sources) or reads (envFrom, env valueFrom).</summary>
    internal static IEnumerable<string> ConfigMapNames(JsonNode? podSpec)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var volume in (podSpec?["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Add(names, volume["configMap"]?["name"]);
            foreach (var source in (volume["projected"]?["sources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Add(names, source["configMap"]?["name"]);
            }
        }

        var containers = (podSpec?["containers"] as JsonArray ?? []).Concat(podSpec?["initContainers"] as JsonArray ?? []).OfType<JsonObject>();
        foreach (var container in containers)
        {
            foreach (var from in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Add(names, from["configMapRef"]?["name"]);
            }

            foreach (var env in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Add(names, env["valueFrom"]?["configMapKeyRef"]?["name"]);
            }
        }

        return names;

        static void Add(SortedSet<string> set, JsonNode? name)
        {
            if (name is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0)
            {
                set.Add(text);
            }
        }
    }

    private static ManifestSource Source(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        foreach (var key in DroppedMetadata)
        {
            meta?.Remove(key);
        }

        if (meta?["annotations"] is JsonObject annotations)
        {
            foreach (var key in DroppedAnnotations)
            {
                annotations.Remove(key);
            }
        }

        obj.Remove("status");
        var kind = obj["kind"]?.GetValue<string>() ?? "Object";
        var ns = meta?["namespace"]?.GetValue<string>();
        var name = meta?["name"]?.GetValue<string>() ?? string.Empty;
        var path = "cluster:" + kind + "/" + (ns is null ? string.Empty : ns + "/") + name;
        return ManifestSource.FromText(path, obj.ToJsonString(Indented));
    }

    private static JsonObject WithKind(object value, string apiVersion, string kind)
    {
        var obj = DaemonSetJson.ToNode(value);
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static string ApiVersionOf(string kind) => kind is "ConfigMap" or "ServiceAccount" ? "v1" : RbacGroup + "/" + RbacVersion;

    private async Task AddAsync<T>(List<ManifestSource> sources, List<string> missing, string kind, string name, Func<Task<T>> read)
        where T : notnull
    {
        var found = await GetOrNullAsync(read).ConfigureAwait(false);
        if (found is null)
        {
            missing.Add($"{kind} {Target.Namespace}/{name} not found");
            return;
        }

        sources.Add(Source(WithKind(found, ApiVersionOf(kind), kind)));
    }

    /// <summary>The binding named like the ServiceAccount, if it binds it, and the role it refers to.</summary>
    private async Task AddBindingAsync(List<ManifestSource> sources, string account, string kind, Func<string, string?, string, bool> provided, CancellationToken cancellationToken)
    {
        var cluster = kind == "ClusterRoleBinding";
        var ns = cluster ? null : Target.Namespace;
        if (provided(kind, ns, account))
        {
            return;
        }

        var plural = cluster ? "clusterrolebindings" : "rolebindings";
        var raw = await GetOrNullAsync(() => cluster
            ? client.CustomObjects.GetClusterCustomObjectAsync(RbacGroup, RbacVersion, plural, account, cancellationToken)
            : client.CustomObjects.GetNamespacedCustomObjectAsync(RbacGroup, RbacVersion, Target.Namespace, plural, account, cancellationToken)).ConfigureAwait(false);
        if (raw is null)
        {
            return;
        }

        var binding = WithKind(raw, RbacGroup + "/" + RbacVersion, kind);
        var binds = (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().Any(s =>
            s["kind"]?.GetValue<string>() == "ServiceAccount" && s["name"]?.GetValue<string>() == account
            && (s["namespace"]?.GetValue<string>() ?? Target.Namespace) == Target.Namespace);
        if (!binds)
        {
            return;
        }

        sources.Add(Source(binding));
        var roleKind = binding["roleRef"]?["kind"]?.GetValue<string>();
        var roleName = binding["roleRef"]?["name"]?.GetValue<string>();
        if (roleName is null || roleKind is not ("Role" or "ClusterRole"))
        {
            return;
        }

        var roleNs = roleKind == "Role" ? Target.Namespace : null;
        if (provided(roleKind, roleNs, roleName))
        {
            return;
        }

        var rolePlural = roleKind == "Role" ? "roles" : "clusterroles";
        var role = await GetOrNullAsync(() => roleNs is null
            ? client.CustomObjects.GetClusterCustomObjectAsync(RbacGroup, RbacVersion, rolePlural, roleName, cancellationToken)
            : client.CustomObjects.GetNamespacedCustomObjectAsync(RbacGroup, RbacVersion, roleNs, rolePlural, roleName, cancellationToken)).ConfigureAwait(false);
        if (role is not null)
        {
            sources.Add(Source(WithKind(role, RbacGroup + "/" + RbacVersion, roleKind)));
        }
    }

    private async Task<object?> GetOrNullAsync<T>(Func<Task<T>> read)
        where T : notnull
    {
        try
        {
            return await CallAsync(read).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task<T> CallAsync<T>(Func<Task<T>> call) => ApiCalls.CallAsync(call, Target, "reading the pre-flight inputs of " + Target);
}
