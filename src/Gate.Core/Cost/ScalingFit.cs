namespace Gate.Core.Cost;

/// <summary>
/// Fits the asymptotic order of a cost series over cluster sizes: the log-log slope between the two largest sizes
/// with a positive cost, rounded to <c>O(1)</c> (below 0.5), <c>O(N)</c> (below 1.5) or <c>O(N^2)</c>.
/// </summary>
public static class ScalingFit
{
    public const string Constant = "O(1)";
    public const string Linear = "O(N)";
    public const string Quadratic = "O(N^2)";

    /// <summary>The classes from cheapest to most expensive.</summary>
    public static IReadOnlyList<string> Classes { get; } = [Constant, Linear, Quadratic];

    /// <summary>The slope d ln(cost) / d ln(N) between the two largest sizes with a positive cost, or 0 when fewer than two.</summary>
    public static double Exponent(IReadOnlyList<(double Nodes, double Cost)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var positive = series.Where(p => p.Cost > 0 && p.Nodes > 0).OrderBy(p => p.Nodes).ToList();
        if (positive.Count < 2)
        {
            return 0;
        }

        var (n1, c1) = positive[^2];
        var (n2, c2) = positive[^1];
        return n2 == n1 ? 0 : Math.Log(c2 / c1) / Math.Log(n2 / n1);
    }

    /// <summary>The class of one exponent.</summary>
    public static string Classify(double exponent) => exponent < 0.5 ? Constant : exponent < 1.5 ? Linear : Quadratic;

    /// <summary>The class of a series.</summary>
    public static string Fit(IReadOnlyList<(double Nodes, double Cost)> series) => Classify(Exponent(series));

    /// <summary>The more expensive of two classes.</summary>
    public static string Max(string a, string b) => Rank(a) >= Rank(b) ? a : b;

    /// <summary>0 for O(1), 1 for O(N), 2 for O(N^2).</summary>
    public static int Rank(string scalingClass)
    {
        for (var i = 0; i < Classes.Count; i++)
        {
            if (Classes[i] == scalingClass)
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown scaling class '{scalingClass}'", nameof(scalingClass));
    }
}
