namespace Gate.Simulation.Metrics;

/// <summary>Prometheus metric types the simulator exposes.</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
