using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Clients;

/// <summary>What a group of clients saw: responses by outcome and the latency of the OK ones.</summary>
public sealed class ClientStats
{
    private readonly List<double> latencies = [];

    public int Ok { get; private set; }

    public int Rejected { get; private set; }

    public int TimedOut { get; private set; }

    public int ConnectionErrors { get; private set; }

    public int Total => Ok + Rejected + TimedOut + ConnectionErrors;

    /// <summary>Records one response.</summary>
    public void Record(RequestOutcome outcome, double latency)
    {
        switch (outcome)
        {
            case RequestOutcome.Ok:
                Ok++;
                latencies.Add(latency);
                break;
            case RequestOutcome.TooManyRequests:
                Rejected++;
                break;
            case RequestOutcome.Timeout:
                TimedOut++;
                break;
            default:
                ConnectionErrors++;
                break;
        }
    }

    /// <summary>The <paramref name="q"/>-quantile (0..1) of OK latencies, seconds; NaN without any.</summary>
    public double Quantile(double q)
    {
        if (latencies.Count == 0)
        {
            return double.NaN;
        }

        var sorted = latencies.Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
