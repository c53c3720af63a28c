namespace Gate.Core.Manifests;

/// <summary>Duplicate-key detection shared by the YAML and JSON readers.</summary>
internal static class ManifestKeys
{
    /// <summary>
    /// True when <paramref name="key"/> is not yet among <paramref name="entries"/>. Small mappings (almost every
    /// mapping of a manifest) are scanned; from eight keys on a set is built once and kept in <paramref name="seen"/>.
    /// </summary>
    public static bool TryAdd(List<KeyValuePair<ManifestScalar, ManifestNode>> entries, ref HashSet<string>? seen, string key)
    {
        if (seen is null && entries.Count < 8)
        {
            foreach (var entry in entries)
            {
                if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        seen ??= new HashSet<string>(entries.Select(e => e.Key.Value), StringComparer.Ordinal);
        return seen.Add(key);
    }
}
