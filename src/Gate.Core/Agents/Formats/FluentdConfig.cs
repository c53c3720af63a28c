using Gate.Core.Manifests;

namespace Gate.Core.Agents.Formats;

/// <summary>Parses Fluentd's configuration format (<c>&lt;directive arg&gt;</c> … <c>&lt;/directive&gt;</c>, <c>key value</c> lines).</summary>
public static class FluentdConfig
{
    /// <summary>The top-level directives of <paramref name="text"/> (nested ones are <see cref="ConfigSection.Children"/>).</summary>
    public static IReadOnlyList<ConfigSection> Parse(string text, PositionMap map)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(map);
        var root = new ConfigSection("ROOT", string.Empty, map.Map(1, 1));
        var stack = new Stack<ConfigSection>();
        stack.Push(root);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var position = map.Map(i + 1, raw.Length - raw.TrimStart().Length + 1);
            if (trimmed.StartsWith("</", StringComparison.Ordinal) && trimmed.EndsWith('>'))
            {
                if (stack.Count > 1)
                {
                    stack.Pop();
                }

                continue;
            }

            if (trimmed.StartsWith('<') && trimmed.EndsWith('>'))
            {
                var inner = trimmed[1..^1].Trim();
                var split = inner.IndexOfAny([' ', '\t']);
                var section = new ConfigSection(
                    split < 0 ? inner : inner[..split],
                    split < 0 ? string.Empty : inner[(split + 1)..].Trim(),
                    position);
                stack.Peek().AddChild(section);
                if (stack.Count < 64)
                {
                    stack.Push(section);
                }

                continue;
            }

            var space = trimmed.IndexOfAny([' ', '\t']);
            var key = space < 0 ? trimmed : trimmed[..space];
            var value = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
            stack.Peek().Add(key, value, position);
        }

        return root.Children;
    }

    /// <summary>Every directive in <paramref name="sections"/> and below, depth first.</summary>
    public static IEnumerable<ConfigSection> Flatten(IEnumerable<ConfigSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        foreach (var section in sections)
        {
            yield return section;
            foreach (var child in Flatten(section.Children))
            {
                yield return child;
            }
        }
    }
}
