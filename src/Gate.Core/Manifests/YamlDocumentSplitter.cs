namespace Gate.Core.Manifests;

/// <summary>
/// Cuts a large multi-document YAML text into runs of whole documents so they can be parsed on several cores.
/// A line that starts with <c>---</c> followed by a space, a tab or the end of the line is always a document
/// marker in YAML (the spec forbids it inside any scalar), so cutting just before one never splits a document.
/// Texts with directives (<c>%YAML</c>, <c>%TAG</c>, which apply to the next document) are not cut.
/// </summary>
internal static class YamlDocumentSplitter
{
    /// <summary>A run of documents: its offset and length in the text and the 1-based line it starts on.</summary>
    public readonly record struct Chunk(int Start, int Length, int FirstLine);

    /// <summary>Runs of at least <paramref name="minChunkChars"/> characters (the last may be shorter).</summary>
    public static IReadOnlyList<Chunk> Split(string text, int minChunkChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chunks = new List<Chunk>();
        var chunkStart = 0;
        var chunkLine = 1;
        var line = 1;
        for (var i = 0; i < text.Length;)
        {
            if (text[i] == '%')
            {
                return [new Chunk(0, text.Length, 1)];
            }

            if (i - chunkStart >= minChunkChars && IsDocumentStart(text, i))
            {
                chunks.Add(new Chunk(chunkStart, i - chunkStart, chunkLine));
                chunkStart = i;
                chunkLine = line;
            }

            var newline = text.IndexOf('\n', i);
            if (newline < 0)
            {
                break;
            }

            i = newline + 1;
            line++;
        }

        chunks.Add(new Chunk(chunkStart, text.Length - chunkStart, chunkLine));
        return chunks;
    }

    private static bool IsDocumentStart(string text, int lineStart)
    {
        if (lineStart + 3 > text.Length || string.CompareOrdinal(text, lineStart, "---", 0, 3) != 0)
        {
            return false;
        }

        return lineStart + 3 == text.Length || text[lineStart + 3] is ' ' or '\t' or '\r' or '\n';
    }
}
