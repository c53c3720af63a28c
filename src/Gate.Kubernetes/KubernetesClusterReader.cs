using System.Net;
using Gate.Core;
using Gate.Core.Cost;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gate.Kubernetes;

/// <summary>
/// <see cref="IClusterReader"/> over KubernetesClient for <c>gate estimate --from-cluster</c>. Every count is one
/// <c>LIST ?limit=1</c> (no selector, so the server reports <c>metadata.remainingItemCount</c>): count = items
/// returned + remainingItemCount. A list without a continue token is complete, so its items are the count. Never a
/// full LIST, never a second page. Secrets are not counted: RBAC's <c>list</c> on Secrets returns their contents to
/// whoever holds the token, even when the gate asks for metadata only, so deploy/gate-estimate-rbac.yaml does not
/// grant it and their count is the reference cluster's at the counted node count (a profile file can give it).
/// Also reads <c>/version</c> and the <c>kubernetes</c> Service's EndpointSlices (API server
/// replicas); those two are optional and left unknown when refused.
/// </summary>
public sealed class KubernetesClusterReader(IKubernetes client, string source = "cluster") : IClusterReader
{
    /// <summary>The resources counted, in the order they are reported.</summary>
    public static IReadOnlyList<string> CountedResources { get; } = ["nodes", "pods", "namespaces", "services", "endpointslices", "configmaps"];

    /// <inheritdoc />
    public async Task<ClusterCounts> ReadCountsAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var counts = await Task.WhenAll(CountedResources.Select(r => CountAsync(r, cancellationToken))).ConfigureAwait(false);
        var version = await OptionalAsync(async () => (await client.Version.GetCodeAsync(cancellationToken).ConfigureAwait(false)).GitVersion).ConfigureAwait(false);
        var replicas = await OptionalAsync(() => ApiServerReplicasAsync(cancellationToken)).ConfigureAwait(false);

        var objects = new Dictionary<string, double>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var (resource, count) in CountedResources.Zip(counts))
        {
            if (count is { } n)
            {
                objects[resource] = n;
            }
            else
            {
                notes.Add($"the API server gave no remainingItemCount for {resource}: its count is derived from the node count");
            }
        }

        if (!objects.TryGetValue("nodes", out var nodes))
        {
            throw new GateEnvironmentException("cannot count nodes cheaply: the API server gave no remainingItemCount for a limit=1 LIST of nodes (pass --nodes N)");
        }

        if (nodes < 1)
        {
            throw new GateEnvironmentException("the cluster has no nodes (pass --nodes N to estimate for a size)");
        }

        return new ClusterCounts
        {
            Nodes = (int)nodes,
            ObjectCounts = objects,
            KubernetesVersion = version,
            ApiServerReplicas = replicas is > 0 ? replicas : null,
            Source = source,
            Notes = notes,
        };
    }

    /// <summary>Objects of a list answered to <c>limit=1</c>: returned + remaining, the items when complete, else null.</summary>
    public static long? CountOf(V1ListMeta? metadata, int returned)
    {
        if (metadata?.RemainingItemCount is { } remaining)
        {
            return returned + remaining;
        }

        return string.IsNullOrEmpty(metadata?.ContinueProperty) ? returned : null;
    }

    private async Task<long?> CountAsync(string resource, CancellationToken ct)
    {
        Func<Task<(V1ListMeta?, int)>> read = resource switch
        {
            "nodes" => async () => Shape(await client.CoreV1.ListNodeAsync(limit: 1, cancellationToken: ct).ConfigureAwait(false)),
            "pods" => async () => Shape(await client.CoreV1.ListPodForAllNamespacesAsync(limit: 1, cancellationToken: ct).ConfigureAwait(false)),
            "namespaces" => async () => Shape(await client.CoreV1.ListNamespaceAsync(limit: 1, cancellationToken: ct).ConfigureAwait(false)),
            "services" => async () => Shape(await client.CoreV1.ListServiceForAllNamespacesAsync(limit: 1, cancellationToken: ct).ConfigureAwait(false)),
            "endpointslices" => async () => Shape(await client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(limit: 1, cancellationToken: ct).ConfigureAwait(false)),
            "configmaps" => async () => Shape(await client.CoreV1.ListConfigMapForAllNamespacesAsync(limit: 1, cancellationToken: ct).ConfigureAwait(false)),
            _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "not a counted resource"),
        };
        var (metadata, returned) = await CallAsync(resource, read).ConfigureAwait(false);
        return CountOf(metadata, returned);
    }

    private static (V1ListMeta?, int) Shape<T>(IItems<T> list) => (((IMetadata<V1ListMeta>)list).Metadata, list.Items?.Count ?? 0);

    /// <summary>Distinct ready addresses of the <c>kubernetes</c> Service in <c>default</c>: one per API server.</summary>
    private async Task<int> ApiServerReplicasAsync(CancellationToken ct)
    {
        var slices = await client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=kubernetes", cancellationToken: ct).ConfigureAwait(false);
        return slices.Items
            .SelectMany(s => s.Endpoints ?? [])
            .Where(e => e.Conditions?.Ready != false)
            .SelectMany(e => e.Addresses ?? [])
            .Distinct(StringComparer.Ordinal)
            .Count();
    }

    /// <summary>An optional read: refused, missing or unparsable is unknown (null); unreachable still fails.</summary>
    private static async Task<T?> OptionalAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return default;
        }
    }

    /// <summary>Maps a refusal or an unreachable cluster to one line without credentials (exit 3).</summary>
    private static async Task<T> CallAsync<T>(string resource, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Unauthorized)
        {
            throw new GateEnvironmentException("the API server did not accept the credentials (401): check the kubeconfig user", ex);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden)
        {
            throw new GateEnvironmentException($"permission denied by the API server (403) to list {resource}: see deploy/gate-estimate-rbac.yaml", ex);
        }
        catch (HttpOperationException ex)
        {
            throw new GateEnvironmentException($"the API server answered {(int)ex.Response.StatusCode} to a limit=1 LIST of {resource}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            throw new GateEnvironmentException("cluster unreachable: " + KubernetesConnection.FirstLine(ex.Message), ex);
        }
    }
}
