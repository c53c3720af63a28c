using System.Text;

namespace Gate.Simulation.Metrics;

/// <summary>The metrics of one simulated process (an API server replica, CoreDNS), rendered as Prometheus text.</summary>
public sealed class MetricRegistry
{
    private readonly List<MetricFamily> families = [];

    public MetricFamily Counter(string name, string help, params string[] labels) => Add(new MetricFamily(name, MetricKind.Counter, help, labels, null));

    public MetricFamily Gauge(string name, string help, params string[] labels) => Add(new MetricFamily(name, MetricKind.Gauge, help, labels, null));

    public MetricFamily Histogram(string name, string help, double[] buckets, params string[] labels) =>
        Add(new MetricFamily(name, MetricKind.Histogram, help, labels, buckets));

    /// <summary>Resets every family (the process restarted).</summary>
    public void Reset()
    {
        foreach (var family in families)
        {
            family.Reset();
        }
    }

    /// <summary>The Prometheus text exposition format (version 0.0.4), families in registration order.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            family.WriteTo(text);
        }

        return text.ToString();
    }

    private MetricFamily Add(MetricFamily family)
    {
        families.Add(family);
        return family;
    }
}
