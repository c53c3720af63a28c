namespace Gate.Core.Health;

/// <summary>The result of a one-sided Mann-Whitney U test.</summary>
/// <param name="U">U of the first sample (the number of pairs where it is greater, ties counting ½).</param>
/// <param name="PValue">P(U ≥ observed) under the null hypothesis that both samples come from one distribution.</param>
/// <param name="Exact">True when the p-value comes from the exact distribution (small samples, no ties).</param>
public readonly record struct MannWhitneyResult(double U, double PValue, bool Exact);

/// <summary>
/// Mann-Whitney U test, one-sided: is the first sample stochastically greater than the second? Exact distribution
/// for small samples without ties; otherwise the normal approximation with tie and continuity corrections.
/// </summary>
public static class MannWhitney
{
    /// <summary>Largest sample size for which the exact distribution is computed.</summary>
    public const int ExactLimit = 20;

    /// <summary>Tests whether <paramref name="greater"/> tends to exceed <paramref name="other"/>.</summary>
    public static MannWhitneyResult GreaterThan(IReadOnlyList<double> greater, IReadOnlyList<double> other)
    {
        ArgumentNullException.ThrowIfNull(greater);
        ArgumentNullException.ThrowIfNull(other);
        int m = greater.Count, n = other.Count;
        if (m == 0 || n == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        var all = greater.Select(v => (Value: v, First: true)).Concat(other.Select(v => (Value: v, First: false)))
            .OrderBy(x => x.Value).ToArray();
        double rankSumFirst = 0, tieTerm = 0;
        var hasTies = false;
        for (var i = 0; i < all.Length;)
        {
            var j = i;
            while (j + 1 < all.Length && all[j + 1].Value == all[i].Value)
            {
                j++;
            }

            var midRank = ((i + 1) + (j + 1)) / 2.0;
            var t = j - i + 1;
            if (t > 1)
            {
                hasTies = true;
                tieTerm += ((double)t * t * t) - t;
            }

            for (var k = i; k <= j; k++)
            {
                if (all[k].First)
                {
                    rankSumFirst += midRank;
                }
            }

            i = j + 1;
        }

        var u = rankSumFirst - (m * (m + 1) / 2.0);
        if (!hasTies && m <= ExactLimit && n <= ExactLimit)
        {
            return new MannWhitneyResult(u, ExactUpperTail(m, n, (int)Math.Round(u)), Exact: true);
        }

        var total = m + n;
        var mean = m * (double)n / 2.0;
        var variance = m * (double)n / 12.0 * ((total + 1) - (tieTerm / (total * (total - 1.0))));
        if (variance <= 0)
        {
            return new MannWhitneyResult(u, 1.0, Exact: false);   // every value equal: no evidence either way
        }

        var z = (u - mean - 0.5) / Math.Sqrt(variance);
        return new MannWhitneyResult(u, 1.0 - NormalCdf(z), Exact: false);
    }

    /// <summary>Standard normal cumulative distribution (|error| below 1.2e-7).</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2.0));

    // Complementary error function, Chebyshev fit (Numerical Recipes, erfcc): fractional error below 1.2e-7.
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        var poly = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806
            + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        var ans = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? ans : 2.0 - ans;
    }

    // P(U ≥ u) for sizes m, n without ties: counts of arrangements by U, built one element at a time.
    private static double ExactUpperTail(int m, int n, int u)
    {
        // counts[i][j][k]: arrangements of i first-sample and j second-sample values with U = k.
        var counts = new double[m + 1, n + 1][];
        for (var i = 0; i <= m; i++)
        {
            for (var j = 0; j <= n; j++)
            {
                var row = new double[(i * j) + 1];
                if (i == 0 || j == 0)
                {
                    row[0] = 1;
                }
                else
                {
                    // The largest value is either from the first sample (it beats all j others) or from the second.
                    var a = counts[i - 1, j];
                    var b = counts[i, j - 1];
                    for (var k = 0; k < row.Length; k++)
                    {
                        var fromFirst = k - j >= 0 && k - j < a.Length ? a[k - j] : 0;
                        var fromSecond = k < b.Length ? b[k] : 0;
                        row[k] = fromFirst + fromSecond;
                    }
                }

                counts[i, j] = row;
            }
        }

        var dist = counts[m, n];
        double all = 0, tail = 0;
        for (var k = 0; k < dist.Length; k++)
        {
            all += dist[k];
            if (k >= u)
            {
                tail += dist[k];
            }
        }

        return tail / all;
    }
}
