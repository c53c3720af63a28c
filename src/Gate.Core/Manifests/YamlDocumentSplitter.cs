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

    /// <summary>What one pass over the document-start lines tells before any parsing.</summary>
    /// <param name="DocumentStarts">Lines that start a document (<c>---</c>): the input holds at least this many documents.</param>
    /// <param name="Oversize">
    /// The first document longer than the limit given to <see cref="Survey"/> that is not a list (its first
    /// column-0 <c>kind:</c> does not end in <c>List</c>): its 1-based first line and its length in characters.
    /// </param>
    public readonly record struct TextSurvey(int DocumentStarts, (int Line, int Length)? Oversize);

    /// <summary>Counts document starts and finds the first non-list document over <paramref name="maxDocumentChars"/>.</summary>
    public static TextSurvey Survey(string text, int maxDocumentChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var starts = 0;
        (int, int)? oversize = null;
        int documentStart = 0, documentLine = 1, line = 1;
        var span = text.AsSpan();
        for (var at = 0; ;)
        {
            var isStart = IsDocumentStart(text, at);
            var end = isStart || at == text.Length ? at : -1;
            if (end >= 0)
            {
                if (oversize is null && end - documentStart > maxDocumentChars && !IsList(span[documentStart..end]))
                {
                    oversize = (documentLine, end - documentStart);
                }

                starts += isStart ? 1 : 0;
                documentStart = at;
                documentLine = line;
            }

            if (at == text.Length)
            {
                return new TextSurvey(starts, oversize);
            }

            var next = span[at..].IndexOf("\n---", StringComparison.Ordinal);
            if (next < 0)
            {
                at = text.Length;
                continue;
            }

            line += span.Slice(at, next + 1).Count('\n');
            at += next + 1;
        }
    }

    /// <summary>True when the document's first column-0 <c>kind:</c> names a list kind (<c>List</c>, <c>PodList</c>…).</summary>
    private static bool IsList(ReadOnlySpan<char> document)
    {
        for (var rest = document; ;)
        {
            if (rest.StartsWith("kind:", StringComparison.Ordinal))
            {
                var value = rest[5..];
                var newline = value.IndexOf('\n');
                value = newline < 0 ? value : value[..newline];
                var comment = value.IndexOf(" #", StringComparison.Ordinal);
                value = (comment < 0 ? value : value[..comment]).Trim().Trim("\"'");
                return value.EndsWith("List", StringComparison.Ordinal);
            }

            var next = rest.IndexOf("\nkind:", StringComparison.Ordinal);
            if (next < 0)
            {
                return false;
            }

            rest = rest[(next + 1)..];
        }
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
