namespace Gate.GitHub.Rendering;

/// <summary>Keeps text under a GitHub field limit: cuts at a line break, closes an open code fence, appends a note.</summary>
public static class TextLimit
{
    /// <summary>
    /// Returns <paramref name="text"/> unchanged when it has at most <paramref name="maxChars"/> characters;
    /// otherwise a prefix ending at a line break, followed by <paramref name="note"/>, of at most
    /// <paramref name="maxChars"/> characters in total.
    /// </summary>
    public static string Truncate(string text, int maxChars, string note)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(note);
        if (text.Length <= maxChars)
        {
            return text;
        }

        const string fenceClose = "```\n";
        var tail = "\n" + note;
        var budget = maxChars - tail.Length - fenceClose.Length;
        if (budget <= 0)
        {
            return note.Length <= maxChars ? note : note[..maxChars];
        }

        var cut = text.LastIndexOf('\n', budget - 1);
        var end = cut > 0 ? cut + 1 : budget;
        if (end < text.Length && end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        var kept = text[..end];
        if (CountFences(kept) % 2 == 1)
        {
            kept = (kept.EndsWith('\n') ? kept : kept + "\n") + fenceClose;
        }

        return kept.TrimEnd('\n') + tail;
    }

    private static int CountFences(string text)
    {
        var count = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
