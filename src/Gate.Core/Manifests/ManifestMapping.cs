namespace Gate.Core.Manifests;

/// <summary>A mapping (YAML map, JSON object) whose keys are unique strings, in document order, with positions.</summary>
public sealed class ManifestMapping : ManifestNode
{
    private const int IndexThreshold = 8;
    private readonly Dictionary<string, int>? index;
    private readonly long weight;

    public ManifestMapping(IReadOnlyList<KeyValuePair<ManifestScalar, ManifestNode>> entries, SourcePosition position)
        : base(position)
    {
        (Entries, index, weight) = Index(entries);
    }

    /// <summary>A mapping read at (<paramref name="line"/>, <paramref name="column"/>) of a text placed by <paramref name="map"/>.</summary>
    internal ManifestMapping(IReadOnlyList<KeyValuePair<ManifestScalar, ManifestNode>> entries, PositionMap map, int line, int column)
        : base(map, line, column)
    {
        (Entries, index, weight) = Index(entries);
    }

    private static (IReadOnlyList<KeyValuePair<ManifestScalar, ManifestNode>>, Dictionary<string, int>?, long) Index(
        IReadOnlyList<KeyValuePair<ManifestScalar, ManifestNode>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var index = entries.Count > IndexThreshold ? new Dictionary<string, int>(entries.Count, StringComparer.Ordinal) : null;
        long w = 1;
        for (var i = 0; i < entries.Count; i++)
        {
            index?.TryAdd(entries[i].Key.Value, i);
            w += 1 + entries[i].Value.Weight;
        }

        return (entries, index, w);
    }

    /// <summary>Key/value pairs in document order.</summary>
    public IReadOnlyList<KeyValuePair<ManifestScalar, ManifestNode>> Entries { get; }

    public override long Weight => weight;

    /// <summary>The keys in document order.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key.Value);

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public ManifestNode? this[string key] => IndexOf(key) is var i && i >= 0 ? Entries[i].Value : null;

    /// <summary>The key node of <paramref name="key"/> (for positions), or null.</summary>
    public ManifestScalar? KeyNode(string key) => IndexOf(key) is var i && i >= 0 ? Entries[i].Key : null;

    /// <summary>The scalar text of <paramref name="key"/>, or null when absent, null or not a scalar.</summary>
    public string? GetString(string key) => this[key]?.ScalarValue;

    /// <summary>The boolean of <paramref name="key"/>, or null when absent or not a boolean.</summary>
    public bool? GetBoolean(string key) => this[key] is ManifestScalar { IsNull: false } s ? s.AsBoolean() : null;

    /// <summary>The mapping at <paramref name="key"/>, or null.</summary>
    public ManifestMapping? GetMapping(string key) => this[key] as ManifestMapping;

    /// <summary>The sequence items at <paramref name="key"/> (empty when absent or not a sequence).</summary>
    public IReadOnlyList<ManifestNode> GetItems(string key) => (this[key] as ManifestSequence)?.Items ?? [];

    /// <summary>Follows a dotted path of mapping keys (<c>spec.template.spec</c>).</summary>
    public ManifestNode? At(string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        ManifestNode? node = this;
        foreach (var part in dottedPath.Split('.'))
        {
            node = (node as ManifestMapping)?[part];
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The position of <paramref name="key"/>'s key, else this mapping's position.</summary>
    public SourcePosition PositionOf(string key) => KeyNode(key)?.Position ?? Position;

    private int IndexOf(string key)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out var found) ? found : -1;
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            if (string.Equals(Entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
