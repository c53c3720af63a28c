using System.Globalization;

namespace Gate.Core.Reports;

/// <summary>Invariant, decimal (SI) formatting of the quantities reports show: bytes, rates, node counts, shares.</summary>
public static class Units
{
    private static readonly string[] ByteUnits = ["B", "kB", "MB", "GB", "TB", "PB"];

    /// <summary><c>251.8 MB</c>: three significant figures in the largest unit below 1,000.</summary>
    public static string Bytes(double bytes)
    {
        var unit = 0;
        var value = Math.Abs(bytes);
        while (value >= 999.95 && unit < ByteUnits.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        var text = unit == 0 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture);
        return (bytes < 0 ? "-" : string.Empty) + text + " " + ByteUnits[unit];
    }

    /// <summary><c>251.8 MB/s</c>.</summary>
    public static string BytesPerSecond(double bytes) => Bytes(bytes) + "/s";

    /// <summary><c>15,000</c>.</summary>
    public static string Count(double count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary><c>1 node</c>, <c>15,000 nodes</c>.</summary>
    public static string Nodes(double count) => Count(count) + (count == 1 ? " node" : " nodes");

    /// <summary>A rate with two significant decimals below 10: <c>0.05</c>, <c>12.5</c>, <c>1,500</c>.</summary>
    public static string Rate(double rate) => rate switch
    {
        0 => "0",
        < 0.01 => rate.ToString("0.####", CultureInfo.InvariantCulture),
        < 10 => rate.ToString("0.##", CultureInfo.InvariantCulture),
        < 1000 => rate.ToString("0.#", CultureInfo.InvariantCulture),
        _ => rate.ToString("#,0", CultureInfo.InvariantCulture),
    };

    /// <summary><c>12 %</c> for 0.12.</summary>
    public static string Percent(double share) =>
        (share * 100).ToString(share * 100 < 10 ? "0.#" : "#,0", CultureInfo.InvariantCulture) + " %";

    /// <summary><c>3.2×</c>.</summary>
    public static string Ratio(double ratio) => ratio.ToString(ratio < 10 ? "0.0" : "#,0", CultureInfo.InvariantCulture) + "×";
}
