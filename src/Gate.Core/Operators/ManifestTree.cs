using Gate.Core.Manifests;

namespace Gate.Core.Operators;

/// <summary>
/// Builds the objects an operator would create as manifest trees. Every synthesised node carries the position of the
/// custom-resource field it comes from, so findings on the produced workload point at the resource the author wrote.
/// </summary>
internal static class ManifestTree
{
    public static ManifestScalar Scalar(string value, SourcePosition at) => new(value, at, quoted: true);

    /// <summary>A mapping of the entries whose value is not null, in the order given.</summary>
    public static ManifestMapping Map(SourcePosition at, params (string Key, ManifestNode? Value)[] entries) =>
        new([.. entries.Where(e => e.Value is not null).Select(e => new KeyValuePair<ManifestScalar, ManifestNode>(Scalar(e.Key, e.Value!.Position), e.Value!))], at);

    public static ManifestSequence Sequence(SourcePosition at, IEnumerable<ManifestNode> items) => new([.. items], at);

    /// <summary>The items of a sequence field of the resource (empty when absent).</summary>
    public static IEnumerable<ManifestNode> Items(ManifestMapping? mapping, string key) => mapping?.GetItems(key) ?? [];

    /// <summary>
    /// An object of <paramref name="kind"/> named <paramref name="name"/> in the resource's namespace, with the
    /// resource's annotations (operators copy them; <c>gate.dev/*</c> annotations then apply to what they produce).
    /// </summary>
    public static KubeObject Object(KubeObject resource, string apiVersion, string kind, string name, params (string Key, ManifestNode? Value)[] body)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var at = resource.Position;
        var metadata = Map(
            resource.Metadata?.Position ?? at,
            ("name", Scalar(name, resource.Metadata?.PositionOf("name") ?? at)),
            ("namespace", resource.Namespace is { } ns ? Scalar(ns, resource.Metadata?.PositionOf("namespace") ?? at) : null),
            ("annotations", resource.Metadata?.GetMapping("annotations")));
        var root = Map(at, [("apiVersion", Scalar(apiVersion, at)), ("kind", Scalar(kind, at)), ("metadata", metadata), .. body]);
        return new KubeObject { ApiVersion = apiVersion, Kind = kind, Name = name, Namespace = resource.Namespace, Root = root };
    }

    /// <summary>A ConfigMap of the resource with one data key; the value keeps its positions (a block scalar maps line by line).</summary>
    public static KubeObject ConfigMap(KubeObject resource, string name, string key, ManifestScalar value) =>
        Object(resource, "v1", "ConfigMap", name, ("data", Map(value.Position, (key, value))));

    /// <summary>An environment variable from the downward API (<c>valueFrom.fieldRef.fieldPath</c>).</summary>
    public static ManifestMapping FieldEnv(string name, string fieldPath, SourcePosition at) =>
        Map(at, ("name", Scalar(name, at)), ("valueFrom", Map(at, ("fieldRef", Map(at, ("fieldPath", Scalar(fieldPath, at)))))));

    /// <summary>An environment variable with a literal value.</summary>
    public static ManifestMapping Env(string name, string value, SourcePosition at) =>
        Map(at, ("name", Scalar(name, at)), ("value", Scalar(value, at)));

    /// <summary>A volume mount.</summary>
    public static ManifestMapping Mount(string volume, string path, SourcePosition at) =>
        Map(at, ("name", Scalar(volume, at)), ("mountPath", Scalar(path, at)));

    /// <summary>A ConfigMap volume, with one item (<paramref name="key"/> at its own path) when given.</summary>
    public static ManifestMapping ConfigMapVolume(string volume, string configMap, string? key, SourcePosition at) =>
        Map(
            at,
            ("name", Scalar(volume, at)),
            ("configMap", Map(
                at,
                ("name", Scalar(configMap, at)),
                ("items", key is null ? null : Sequence(at, [Map(at, ("key", Scalar(key, at)), ("path", Scalar(key, at)))])))));

    /// <summary>
    /// A DaemonSet (<paramref name="replicas"/> null), Deployment or StatefulSet of the resource running
    /// <paramref name="podSpec"/>.
    /// </summary>
    public static KubeObject Workload(KubeObject resource, string kind, string name, ManifestNode? replicas, ManifestMapping podSpec) =>
        Object(resource, "apps/v1", kind, name, ("spec", Map(podSpec.Position, ("replicas", replicas), ("template", Map(podSpec.Position, ("spec", podSpec))))));

    /// <summary>A replica count as a scalar at <paramref name="at"/>.</summary>
    public static ManifestScalar Count(int replicas, SourcePosition at) =>
        Scalar(replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), at);

    /// <summary>A non-negative integer field, or null.</summary>
    public static int? Integer(ManifestMapping? mapping, string key) =>
        int.TryParse(mapping?.GetString(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;

    /// <summary>Eight hex digits of the SHA-256 of <paramref name="text"/>, for names operators derive from a hash.</summary>
    public static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..8];
}
