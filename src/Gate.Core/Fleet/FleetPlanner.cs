namespace Gate.Core.Fleet;

/// <summary>Turns a fleet file and the clusters' sizes into waves.</summary>
public static class FleetPlanner
{
    /// <summary>
    /// The waves of <paramref name="file"/>: its explicit waves, or with <c>by-size</c> one cluster per wave in
    /// ascending node count (ties by name). A wave pauses when FLEET.yaml says so or its number is in
    /// <paramref name="pauseBefore"/> (<c>--pause-before-wave</c>).
    /// </summary>
    public static IReadOnlyList<FleetWave> Plan(FleetFile file, IReadOnlyDictionary<string, int> sizes, IEnumerable<int>? pauseBefore = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(sizes);
        var pauses = new HashSet<int>(pauseBefore ?? []);
        pauses.UnionWith(file.PauseBeforeWaves);
        if (file.Waves is { } explicitWaves)
        {
            return explicitWaves.Select((w, i) => new FleetWave(i + 1, w.Clusters, w.PauseBefore || pauses.Contains(i + 1))).ToList();
        }

        return file.Clusters
            .OrderBy(c => sizes.GetValueOrDefault(c.Name, int.MaxValue))
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select((c, i) => new FleetWave(i + 1, [c.Name], pauses.Contains(i + 1)))
            .ToList();
    }
}
