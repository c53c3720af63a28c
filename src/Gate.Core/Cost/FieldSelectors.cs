namespace Gate.Core.Cost;

/// <summary>Reads field selectors the way the API server does for indexes and names (<c>RequiresExactMatch</c>).</summary>
public static class FieldSelectors
{
    /// <summary>The node-name field of pods, indexed by the watch cache and the watch tracker.</summary>
    public const string PodNodeName = "spec.nodeName";

    /// <summary>The object-name field: an exact match turns a list into a single-object read.</summary>
    public const string MetadataName = "metadata.name";

    /// <summary>
    /// The value an AND-ed term <c>field=value</c> or <c>field==value</c> requires, or null when no term pins the
    /// field to one value (<c>!=</c> terms and other fields do not).
    /// </summary>
    public static string? RequiresExactMatch(string? selector, string field)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return null;
        }

        foreach (var raw in selector.Split(','))
        {
            var term = raw.Trim();
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                continue;
            }

            var eq = term.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = term[..eq].Trim();
            var value = term[(eq + 1)..].TrimStart('=').Trim();
            if (string.Equals(key, field, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
