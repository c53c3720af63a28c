using System.Globalization;
using System.Text;

namespace Gate.Simulation.Metrics;

/// <summary>
/// One metric name with its label names, help text and series. Series are created once per label set and kept by
/// the caller, so recording an observation is an array update, not a lookup.
/// </summary>
public sealed class MetricFamily
{
    private readonly Dictionary<string, MetricSeries> series = new(StringComparer.Ordinal);

    internal MetricFamily(string name, MetricKind kind, string help, string[] labelNames, double[]? buckets)
    {
        Name = name;
        Kind = kind;
        Help = help;
        LabelNames = labelNames;
        Buckets = buckets ?? [];
    }

    public string Name { get; }

    public MetricKind Kind { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Upper bounds of the histogram buckets (without +Inf).</summary>
    public IReadOnlyList<double> Buckets { get; }

    /// <summary>The series with these label values (in <see cref="LabelNames"/> order), created on first use.</summary>
    public MetricSeries With(params string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException($"{Name} takes {LabelNames.Count} labels, got {labelValues.Length}", nameof(labelValues));
        }

        var key = string.Join('\u001f', labelValues);
        if (!series.TryGetValue(key, out var found))
        {
            found = new MetricSeries(this, labelValues);
            series.Add(key, found);
        }

        return found;
    }

    /// <summary>Sets every series of this family to zero (a restarted process starts its counters again).</summary>
    public void Reset()
    {
        foreach (var s in series.Values)
        {
            s.Reset();
        }
    }

    internal void WriteTo(StringBuilder text)
    {
        if (series.Count == 0)
        {
            return;
        }

        var type = Kind switch { MetricKind.Counter => "counter", MetricKind.Gauge => "gauge", _ => "histogram" };
        text.Append("# HELP ").Append(Name).Append(' ').Append(Help).Append('\n');
        text.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        foreach (var s in series.Values.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (Kind == MetricKind.Histogram)
            {
                WriteHistogram(text, s);
            }
            else
            {
                WriteSample(text, Name, s.LabelValues, null, s.Value);
            }
        }
    }

    private void WriteHistogram(StringBuilder text, MetricSeries s)
    {
        double cumulative = 0;
        for (var i = 0; i < Buckets.Count; i++)
        {
            cumulative += s.BucketCounts[i];
            WriteSample(text, Name + "_bucket", s.LabelValues, Format(Buckets[i]), cumulative);
        }

        WriteSample(text, Name + "_bucket", s.LabelValues, "+Inf", s.Count);
        WriteSample(text, Name + "_sum", s.LabelValues, null, s.Value);
        WriteSample(text, Name + "_count", s.LabelValues, null, s.Count);
    }

    private void WriteSample(StringBuilder text, string name, string[] values, string? le, double value)
    {
        text.Append(name);
        if (values.Length > 0 || le is not null)
        {
            text.Append('{');
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(LabelNames[i]).Append("=\"").Append(Escape(values[i])).Append('"');
            }

            if (le is not null)
            {
                text.Append(values.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
