namespace Gate.Core.Manifests;

/// <summary>One Kubernetes object from the input: its identity, root mapping and where it starts.</summary>
public sealed record KubeObject
{
    public required string ApiVersion { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    /// <summary><c>metadata.namespace</c>, or null when not set (Helm output often leaves it to the installer).</summary>
    public string? Namespace { get; init; }

    public required ManifestMapping Root { get; init; }

    public SourcePosition Position => Root.Position;

    /// <summary>API group (the part of <see cref="ApiVersion"/> before the slash; empty for <c>v1</c>).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

    public ManifestMapping? Metadata => Root.GetMapping("metadata");

    /// <summary><c>metadata.annotations</c> as strings.</summary>
    public IReadOnlyDictionary<string, string> Annotations => StringMap(Metadata?.GetMapping("annotations"));

    /// <summary><c>metadata.labels</c> as strings.</summary>
    public IReadOnlyDictionary<string, string> Labels => StringMap(Metadata?.GetMapping("labels"));

    /// <summary><c>namespace/name</c> or <c>name</c>.</summary>
    public string DisplayName => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    /// <summary>Reads a string-to-string mapping (labels, annotations, ConfigMap data); non-scalars are skipped.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(ManifestMapping? mapping)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mapping is null)
        {
            return result;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (value is ManifestScalar scalar)
            {
                result[key.Value] = scalar.IsNull ? string.Empty : scalar.Value;
            }
        }

        return result;
    }
}
