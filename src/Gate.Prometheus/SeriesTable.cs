namespace Gate.Prometheus;

/// <summary>
/// The series a scraper has seen, by the text that names them on a sample line (metric name and label block). A
/// scraper that keeps every scrape passes one table to <see cref="PrometheusTextParser.Parse(string, SeriesTable?)"/>
/// so the samples of a series share one name and one label dictionary across scrapes: a scrape then costs a sample
/// per line instead of a dictionary and its strings per line, and a long history stays small.
/// </summary>
public sealed class SeriesTable
{
    private readonly Dictionary<string, (string Name, IReadOnlyDictionary<string, string> Labels)> series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Name, IReadOnlyDictionary<string, string> Labels)>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public SeriesTable()
    {
        lookup = series.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Series known so far.</summary>
    public int Count => series.Count;

    internal bool TryGet(ReadOnlySpan<char> key, out (string Name, IReadOnlyDictionary<string, string> Labels) known) => lookup.TryGetValue(key, out known);

    internal void Add(string key, string name, IReadOnlyDictionary<string, string> labels) => series[key] = (name, labels);
}
