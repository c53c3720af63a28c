using System.Globalization;
using System.Text;

namespace Gate.Simulation.Metrics;

/// <summary>
/// Reads the Prometheus text exposition format (0.0.4) into samples: what a scraper of the simulated servers sees.
/// Comments and blank lines are skipped; timestamps after the value are ignored.
/// </summary>
public static class PrometheusTextParser
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseLine(line));
        }

        return samples;
    }

    private static PrometheusSample ParseLine(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = line[i..eq].Trim(' ', ',');
                i = eq + 2; // skip ="
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                labels[label] = value.ToString();
                i++; // closing quote
                while (i < line.Length && (line[i] == ',' || line[i] == ' '))
                {
                    i++;
                }
            }

            i++; // closing brace
        }

        var rest = line[i..].Trim();
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var number = space < 0 ? rest : rest[..space];
        var parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, parsed);
    }
}
