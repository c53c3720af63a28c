namespace Gate.Simulation.Metrics;

/// <summary>One series (a label set) of a <see cref="MetricFamily"/>: a counter, gauge or histogram value.</summary>
public sealed class MetricSeries
{
    internal MetricSeries(MetricFamily family, string[] labelValues)
    {
        Family = family;
        LabelValues = labelValues;
        Key = string.Join('\u001f', labelValues);
        BucketCounts = new double[family.Buckets.Count];
    }

    public MetricFamily Family { get; }

    internal string[] LabelValues { get; }

    internal string Key { get; }

    /// <summary>Counter or gauge value; for a histogram, the sum of observations.</summary>
    public double Value { get; private set; }

    /// <summary>Observations of a histogram.</summary>
    public double Count { get; private set; }

    internal double[] BucketCounts { get; }

    /// <summary>Adds to a counter (or a gauge).</summary>
    public void Inc(double amount = 1) => Value += amount;

    /// <summary>Sets a gauge.</summary>
    public void Set(double value) => Value = value;

    /// <summary>Records one observation in a histogram.</summary>
    public void Observe(double value) => Observe(value, 1);

    /// <summary>Records <paramref name="count"/> observations of <paramref name="value"/> (a fluid flow of events).</summary>
    public void Observe(double value, double count)
    {
        var buckets = Family.Buckets;
        var lo = 0;
        var hi = buckets.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (buckets[mid] >= value)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        if (lo < BucketCounts.Length)
        {
            BucketCounts[lo] += count;
        }

        Count += count;
        Value += value * count;
    }

    internal void Reset()
    {
        Value = 0;
        Count = 0;
        Array.Clear(BucketCounts);
    }
}
