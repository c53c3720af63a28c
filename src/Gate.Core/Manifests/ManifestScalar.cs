namespace Gate.Core.Manifests;

/// <summary>A scalar (string, number, boolean or null) with its source position.</summary>
public sealed class ManifestScalar : ManifestNode
{
    public ManifestScalar(string value, SourcePosition position, bool quoted = false, bool isNull = false, bool isBlock = false, int blockIndent = -1)
        : base(position)
    {
        (Value, Quoted, IsNull, IsBlock, BlockIndent) = (value, quoted, isNull, isBlock, blockIndent);
    }

    /// <summary>A scalar read at (<paramref name="line"/>, <paramref name="column"/>) of a text placed by <paramref name="map"/>.</summary>
    internal ManifestScalar(string value, PositionMap map, int line, int column, bool quoted, bool isNull, bool isBlock, int blockIndent)
        : base(map, line, column)
    {
        (Value, Quoted, IsNull, IsBlock, BlockIndent) = (value, quoted, isNull, isBlock, blockIndent);
    }

    /// <summary>True for a YAML literal block scalar (<c>|</c>): its lines map one to one onto the file's lines.</summary>
    public bool IsBlock { get; }

    /// <summary>For a literal block read from YAML, the indentation of its content lines in the source; otherwise -1.</summary>
    public int BlockIndent { get; }

    /// <summary>The scalar's text as written (after YAML unescaping).</summary>
    public string Value { get; }

    /// <summary>True when the scalar was quoted or a block scalar (so <c>true</c> is a string, not a boolean).</summary>
    public bool Quoted { get; }

    /// <summary>True for YAML <c>null</c>, <c>~</c> or an empty plain value.</summary>
    public bool IsNull { get; }

    /// <summary>
    /// How positions inside this value's text map to the input when it is a generated config (an operator resource's
    /// config object written out); null for values read from a file.
    /// </summary>
    public PositionMap? TextPositions { get; init; }

    public override long Weight => 1;

    /// <summary>YAML 1.1/1.2 truthiness used by agents' configs (<c>true</c>, <c>yes</c>, <c>on</c>).</summary>
    public bool? AsBoolean() => Value.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "ON" or "Y" => true,
        "FALSE" or "NO" or "OFF" or "N" => false,
        _ => null,
    };

    public override string ToString() => Value;
}
