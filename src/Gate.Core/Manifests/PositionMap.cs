namespace Gate.Core.Manifests;

/// <summary>
/// Maps a 1-based (line, column) inside a parsed text to the position a user sees. Identity for a file; for an agent
/// config embedded in a ConfigMap value it shifts into the ConfigMap file.
/// </summary>
public sealed class PositionMap
{
    private readonly string file;
    private readonly int lineOffset;
    private readonly int columnOffset;
    private readonly SourcePosition? fixedPosition;
    private readonly IReadOnlyList<SourcePosition>? lineOrigins;

    private PositionMap(string file, int lineOffset, int columnOffset, SourcePosition? fixedPosition, IReadOnlyList<SourcePosition>? lineOrigins = null)
    {
        this.file = file;
        this.lineOffset = lineOffset;
        this.columnOffset = columnOffset;
        this.fixedPosition = fixedPosition;
        this.lineOrigins = lineOrigins;
    }

    /// <summary>Positions inside <paramref name="file"/> itself.</summary>
    public static PositionMap ForFile(string file) => new(file, 0, 0, null);

    /// <summary>Text that starts at (<paramref name="firstLine"/>, column <paramref name="indent"/>+1) of <paramref name="file"/>, each line indented by <paramref name="indent"/>.</summary>
    public static PositionMap Shifted(string file, int firstLine, int indent) => new(file, firstLine - 1, indent, null);

    /// <summary>Every inner position maps to <paramref name="position"/> (a quoted or folded value: lines do not correspond).</summary>
    public static PositionMap Fixed(SourcePosition position) => new(position.File, 0, 0, position);

    /// <summary>
    /// A generated text (an operator resource's config object written out as JSON) whose line <c>i</c> came from
    /// <paramref name="lines"/>[i - 1]: every position on a line maps to where that line's key was written.
    /// </summary>
    public static PositionMap PerLine(IReadOnlyList<SourcePosition> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new ArgumentException("a generated text has at least one line", nameof(lines));
        }

        return new(lines[0].File, 0, 0, null, lines);
    }

    /// <summary>This map for a text that starts <paramref name="lines"/> lines further down (a run of documents).</summary>
    public PositionMap Offset(int lines) => lines == 0 ? this : new(file, lineOffset + lines, columnOffset, fixedPosition, lineOrigins);

    /// <summary>The file positions belong to.</summary>
    public string File => file;

    /// <summary>The user-visible position of (<paramref name="line"/>, <paramref name="column"/>) in the parsed text.</summary>
    public SourcePosition Map(int line, int column) =>
        fixedPosition
        ?? (lineOrigins is not null ? lineOrigins[Math.Clamp(line + lineOffset, 1, lineOrigins.Count) - 1] : new SourcePosition(file, line + lineOffset, column + columnOffset));
}
