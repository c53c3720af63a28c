namespace Gate.Core.Manifests;

/// <summary>Where something came from: a file (or <c>-</c> for stdin), 1-based line and column.</summary>
public sealed record SourcePosition(string File, int Line, int Column)
{
    public static SourcePosition FileOnly(string file) => new(file, 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
