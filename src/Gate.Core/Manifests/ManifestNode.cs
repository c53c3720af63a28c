namespace Gate.Core.Manifests;

/// <summary>
/// A node of a parsed YAML/JSON (or agent config) document with the position it came from. The tree is immutable;
/// YAML aliases share the anchored node.
/// </summary>
public abstract class ManifestNode
{
    // A node read from a file keeps its map and raw line/column and makes the SourcePosition when asked: large inputs
    // hold millions of nodes, and positions are read only for the few keys that end up in a report.
    private readonly object origin;
    private readonly int line;
    private readonly int column;

    protected ManifestNode(SourcePosition position) => origin = position ?? throw new ArgumentNullException(nameof(position));

    /// <summary>A node at (<paramref name="line"/>, <paramref name="column"/>) of a text that <paramref name="map"/> places in its file.</summary>
    private protected ManifestNode(PositionMap map, int line, int column)
    {
        origin = map ?? throw new ArgumentNullException(nameof(map));
        this.line = line;
        this.column = column;
    }

    /// <summary>Where the node starts.</summary>
    public SourcePosition Position => origin as SourcePosition ?? ((PositionMap)origin).Map(line, column);

    /// <summary>Number of nodes in this subtree (aliases count their target again): used for alias-expansion limits.</summary>
    public abstract long Weight { get; }

    /// <summary>This node as a mapping, or null.</summary>
    public ManifestMapping? AsMapping => this as ManifestMapping;

    /// <summary>This node as a sequence, or null.</summary>
    public ManifestSequence? AsSequence => this as ManifestSequence;

    /// <summary>The scalar text, or null when the node is not a scalar or is a YAML null.</summary>
    public string? ScalarValue => this is ManifestScalar { IsNull: false } s ? s.Value : null;
}
