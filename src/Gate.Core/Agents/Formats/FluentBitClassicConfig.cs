using Gate.Core.Manifests;

namespace Gate.Core.Agents.Formats;

/// <summary>Parses Fluent Bit's classic configuration format (<c>[SECTION]</c> then <c>Key Value</c> lines).</summary>
public static class FluentBitClassicConfig
{
    /// <summary>The sections of <paramref name="text"/> in order; <c>@INCLUDE</c>/<c>@SET</c> lines are skipped.</summary>
    public static IReadOnlyList<ConfigSection> Parse(string text, PositionMap map)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(map);
        var sections = new List<ConfigSection>();
        ConfigSection? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('@'))
            {
                continue;
            }

            var column = raw.Length - raw.TrimStart().Length + 1;
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                current = new ConfigSection(trimmed[1..^1].Trim().ToUpperInvariant(), string.Empty, map.Map(i + 1, column));
                sections.Add(current);
                continue;
            }

            if (current is null)
            {
                continue;
            }

            var split = trimmed.IndexOfAny([' ', '\t']);
            var key = split < 0 ? trimmed : trimmed[..split];
            var value = split < 0 ? string.Empty : trimmed[(split + 1)..].Trim();
            current.Add(key, value, map.Map(i + 1, column));
        }

        return sections;
    }
}
