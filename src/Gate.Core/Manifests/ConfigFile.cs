namespace Gate.Core.Manifests;

/// <summary>
/// A file an agent container sees from a mounted ConfigMap: its in-container path, text, and how positions inside
/// the text map back to the ConfigMap manifest.
/// </summary>
public sealed record ConfigFile
{
    /// <summary>Path inside the container (mountPath + key, or the subPath mount).</summary>
    public required string ContainerPath { get; init; }

    /// <summary>The ConfigMap data key.</summary>
    public required string Key { get; init; }

    public required string ConfigMapName { get; init; }

    public required string Text { get; init; }

    /// <summary>Maps (line, column) inside <see cref="Text"/> to the ConfigMap file.</summary>
    public required PositionMap Positions { get; init; }

    /// <summary>Where the data key is in the ConfigMap.</summary>
    public required SourcePosition KeyPosition { get; init; }

    /// <summary>Lower-case file extension of the key (<c>.yaml</c>, <c>.conf</c>, <c>.toml</c>, <c>.alloy</c> …).</summary>
    public string Extension => Path.GetExtension(Key).ToLowerInvariant();
}
