namespace Gate.Simulation;

/// <summary>FNV-1a over UTF-16 code units: the same value in every process (string.GetHashCode is randomized).</summary>
internal static class StableHash
{
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
