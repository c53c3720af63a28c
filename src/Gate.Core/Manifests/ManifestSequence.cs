namespace Gate.Core.Manifests;

/// <summary>A sequence (YAML list, JSON array) with its source position.</summary>
public sealed class ManifestSequence : ManifestNode
{
    private readonly long weight;

    public ManifestSequence(IReadOnlyList<ManifestNode> items, SourcePosition position)
        : base(position)
    {
        Items = items ?? throw new ArgumentNullException(nameof(items));
        weight = 1 + items.Sum(i => i.Weight);
    }

    /// <summary>A sequence read at (<paramref name="line"/>, <paramref name="column"/>) of a text placed by <paramref name="map"/>.</summary>
    internal ManifestSequence(IReadOnlyList<ManifestNode> items, PositionMap map, int line, int column)
        : base(map, line, column)
    {
        Items = items ?? throw new ArgumentNullException(nameof(items));
        weight = 1 + items.Sum(i => i.Weight);
    }

    public IReadOnlyList<ManifestNode> Items { get; }

    public override long Weight => weight;
}
