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
}
