using System.Globalization;

namespace Gate.Core.Health;

/// <summary>Formats signal values with their unit, deterministically (invariant culture, 3 significant digits).</summary>
public static class HealthFormat
{
    /// <summary>Formats <paramref name="value"/> in <paramref name="unit"/>: <c>1.8 s</c>, <c>250 ms</c>, <c>2.5%</c>, <c>1.2 GiB</c>, <c>12.3 req/s</c>.</summary>
    public static string Value(double? value, string unit)
    {
        if (value is not { } v)
        {
            return "-";
        }

        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            return NonFinite(v);
        }

        return unit switch
        {
            "seconds" => Math.Abs(v) < 1 && v != 0 ? Number(v * 1000) + " ms" : Number(v) + " s",
            "ratio" => Number(v * 100) + "%",
            "bytes" => Bytes(v),
            "bytes/s" => Bytes(v) + "/s",
            "bool" => v >= 1 ? "yes" : "no",
            "count" or "" => Number(v),
            _ => Number(v) + " " + unit,
        };
    }

    /// <summary>A non-finite value as Prometheus writes it: <c>+Inf</c>, <c>-Inf</c> or <c>NaN</c>.</summary>
    public static string NonFinite(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : Number(value);

    /// <summary>A number with up to 3 significant digits (no exponent below 1e9).</summary>
    public static string Number(double v)
    {
        if (v == 0)
        {
            return "0";
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        var decimals = Math.Clamp(2 - magnitude, 0, 6);
        return Math.Round(v, decimals).ToString("0.######", CultureInfo.InvariantCulture);
    }

    private static string Bytes(double v)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var i = 0;
        var x = v;
        while (Math.Abs(x) >= 1024 && i < units.Length - 1)
        {
            x /= 1024;
            i++;
        }

        return Number(x) + " " + units[i];
    }
}
