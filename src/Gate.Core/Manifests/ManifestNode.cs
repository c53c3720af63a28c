namespace Gate.Core.Manifests;

/// <summary>
/// A node of a parsed YAML/JSON (or agent config) document with the position it came from. The tree is immutable;
/// YAML aliases share the anchored node.
/// </summary>
public abstract class ManifestNode
{
    protected ManifestNode(SourcePosition position) => Position = position;

    /// <summary>Where the node starts.</summary>
    public SourcePosition Position { get; }

    /// <summary>Number of nodes in this subtree (aliases count their target again): used for alias-expansion limits.</summary>
    public abstract long Weight { get; }

    /// <summary>This node as a mapping, or null.</summary>
    public ManifestMapping? AsMapping => this as ManifestMapping;

    /// <summary>This node as a sequence, or null.</summary>
    public ManifestSequence? AsSequence => this as ManifestSequence;

    /// <summary>The scalar text, or null when the node is not a scalar or is a YAML null.</summary>
    public string? ScalarValue => this is ManifestScalar { IsNull: false } s ? s.Value : null;
}
