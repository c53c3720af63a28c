using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;

namespace Gate.Kubernetes;

/// <summary>
/// The client's serializer is source-generated for the Kubernetes models only (KubernetesClient.Aot, so the gate also
/// runs as a native executable); the gate sends custom-object bodies as <see cref="JsonObject"/>, so the serializer is
/// taught those types once, before the first client is made.
/// </summary>
internal static class KubernetesJsonSetup
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        KubernetesJson.AddJsonOptions(options => options.TypeInfoResolverChain.Add(RequestBodyJson.Default));
        return true;
    });

    /// <summary>Adds the gate's body types to the client's serializer (idempotent, thread-safe).</summary>
    public static void EnsureConfigured() => _ = Configured.Value;
}

/// <summary>The JSON DOM types the gate sends as request bodies.</summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class RequestBodyJson : JsonSerializerContext;
