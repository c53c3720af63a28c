namespace Gate.Prometheus;

/// <summary>One sample line of the Prometheus text format: full name (with <c>_bucket</c>, <c>_sum</c> … suffix), labels, value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The label's value, or empty when absent.</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : string.Empty;
}
