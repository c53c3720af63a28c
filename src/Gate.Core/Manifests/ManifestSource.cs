using System.Text;

namespace Gate.Core.Manifests;

/// <summary>
/// One input file as the CLI read it: its display path (<c>-</c> for standard input) and its raw bytes. Core never
/// reads files; the CLI's <c>ManifestInputReader</c> (or a test) builds these.
/// </summary>
public sealed record ManifestSource
{
    /// <summary>Creates a source from raw bytes (decoded as UTF-8; invalid UTF-8 is an input error).</summary>
    public ManifestSource(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        Content = content;
    }

    /// <summary>The path shown in positions (relative to the working directory when the user gave it so).</summary>
    public string Path { get; }

    /// <summary>
    /// True when the file was found in a folder the user named rather than named itself: a file that is not manifests
    /// (a Helm template, a Kustomize file) is then skipped with a note instead of failing the run.
    /// </summary>
    public bool FromFolder { get; init; }

    /// <summary>Raw file content.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Creates a source from text (tests, embedded examples).</summary>
    public static ManifestSource FromText(string path, string text) => new(path, Encoding.UTF8.GetBytes(text ?? string.Empty));
}
