using System.Globalization;
using System.Text;

namespace Gate.Prometheus;

/// <summary>
/// Parser of the Prometheus text exposition format 0.0.4 (what the API server serves on <c>/metrics</c>):
/// <c># HELP</c>/<c># TYPE</c> lines, samples with escaped label values, optional timestamps, NaN and ±Inf, and
/// OpenMetrics exemplars (ignored). A malformed line throws <see cref="FormatException"/> naming its line number.
/// </summary>
public static class PrometheusTextParser
{
    /// <summary>Parses every sample of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<MetricSample> Parse(string text) => Parse(text, null);

    /// <summary>
    /// Parses every sample of <paramref name="text"/>, in order; a series already in <paramref name="series"/> reuses
    /// its name and labels (and a new one is added), so repeated scrapes of one target share them.
    /// </summary>
    public static IReadOnlyList<MetricSample> Parse(string text, SeriesTable? series)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            try
            {
                samples.Add(ParseLine(line, series));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"line {lineNumber}: {ex.Message}", ex);
            }
        }

        return samples;
    }

    private static MetricSample ParseLine(string line, SeriesTable? series)
    {
        if (series is not null && SeriesEnd(line) is var end and > 0 && series.TryGet(line.AsSpan(0, end), out var known))
        {
            return new MetricSample(known.Name, known.Labels, Value(known.Name, line[end..]));
        }

        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0))
        {
            i++;
        }

        if (i == 0)
        {
            throw new FormatException("expected a metric name");
        }

        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i = ParseLabels(line, i + 1, labels);
        }

        series?.Add(line[..i], name, labels);
        return new MetricSample(name, labels, Value(name, line[i..]));
    }

    /// <summary>The value (and optional timestamp and exemplar) after the series of a sample line.</summary>
    private static double Value(string name, string after)
    {
        var rest = after.Trim();
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash].Trim();   // OpenMetrics exemplar
        }

        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException($"expected a value after '{name}'");
        }

        return ParseValue(parts[0]);
    }

    /// <summary>Where the series of a sample line ends (after its name, or after its label block's closing brace); 0 when malformed.</summary>
    private static int SeriesEnd(string line)
    {
        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0))
        {
            i++;
        }

        if (i == 0 || i >= line.Length || line[i] != '{')
        {
            return i;
        }

        var quoted = false;
        for (i++; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '\\' when quoted:
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case '}' when !quoted:
                    return i + 1;
            }
        }

        return 0;
    }

    private static int ParseLabels(string line, int i, Dictionary<string, string> labels)
    {
        while (true)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == ','))
            {
                i++;
            }

            if (i < line.Length && line[i] == '}')
            {
                return i + 1;
            }

            var start = i;
            while (i < line.Length && IsNameChar(line[i], i == start))
            {
                i++;
            }

            var label = line[start..i];
            if (label.Length == 0 || i >= line.Length || line[i] != '=' || i + 1 >= line.Length || line[i + 1] != '"')
            {
                throw new FormatException("expected label=\"value\"");
            }

            i += 2;
            var value = new StringBuilder();
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new FormatException($"unterminated value of label '{label}'");
                }

                var c = line[i++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\' && i < line.Length)
                {
                    var e = line[i++];
                    value.Append(e switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"bad escape '\\{e}'") });
                }
                else
                {
                    value.Append(c);
                }
            }

            labels[label] = value.ToString();
        }
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"bad value '{text}'"),
    };

    private static bool IsNameChar(char c, bool first) =>
        char.IsAsciiLetter(c) || c == '_' || c == ':' || (!first && char.IsAsciiDigit(c));
}
