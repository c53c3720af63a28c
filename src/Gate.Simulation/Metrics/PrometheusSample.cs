namespace Gate.Simulation.Metrics;

/// <summary>One sample line of the Prometheus text format: full series name (with suffix), labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The label's value, empty when absent (Prometheus semantics).</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : string.Empty;
}
