using Gate.Prometheus;
using Gate.Simulation.Metrics;

namespace Gate.Simulation.Health;

/// <summary>One scrape of one simulated target: when, and the samples it returned (null when the target was down).</summary>
internal sealed record ScrapeRecord(double Seconds, IReadOnlyList<MetricSample>? Samples, double StartTime);
