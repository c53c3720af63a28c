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
    public static IReadOnlyList<MetricSample> Parse(string text)
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
                samples.Add(ParseLine(line));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"line {lineNumber}: {ex.Message}", ex);
            }
        }

        return samples;
    }

    private static MetricSample ParseLine(string line)
    {
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

        var rest = line[i..].Trim();
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

        return new MetricSample(name, labels, ParseValue(parts[0]));
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
