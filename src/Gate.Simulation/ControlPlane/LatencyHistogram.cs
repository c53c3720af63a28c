namespace Gate.Simulation.ControlPlane;

/// <summary>
/// Request latencies of one sampling interval in logarithmic buckets (20 per decade from 1 ms to 10 min), so a
/// quantile costs no sorting however many requests the interval answered. A quantile is its bucket's upper bound
/// (at most 12 % above the true value).
/// </summary>
internal sealed class LatencyHistogram
{
    private const double Smallest = 0.001;
    private const int PerDecade = 20;
    private readonly long[] counts = new long[(int)Math.Ceiling(Math.Log10(600 / Smallest) * PerDecade) + 2];
    private long total;

    public void Add(double seconds)
    {
        var index = seconds <= Smallest ? 0 : Math.Min(counts.Length - 1, 1 + (int)Math.Floor(Math.Log10(seconds / Smallest) * PerDecade));
        counts[index]++;
        total++;
    }

    /// <summary>The <paramref name="quantile"/> of the latencies added since the last call (null when none), then empties.</summary>
    public double? TakeQuantile(double quantile)
    {
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        var index = 0;
        for (; index < counts.Length; index++)
        {
            seen += counts[index];
            if (seen >= rank)
            {
                break;
            }
        }

        Array.Clear(counts);
        total = 0;
        return Math.Round(Smallest * Math.Pow(10, (double)index / PerDecade), 4);
    }
}
