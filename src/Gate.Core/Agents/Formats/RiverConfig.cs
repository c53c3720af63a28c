using System.Globalization;
using System.Text;
using Gate.Core.Manifests;

namespace Gate.Core.Agents.Formats;

/// <summary>
/// A small reader for Grafana Alloy / Agent Flow configuration (River syntax): blocks <c>name.path "label" { … }</c>
/// with attributes <c>key = expr</c>. A block becomes a mapping (<c>__label</c> holds its label; child blocks are
/// sequences under their name); expressions are evaluated where they are constant — strings, numbers, lists,
/// objects, <c>+</c> concatenation, <c>sys.env("X")</c>/<c>env("X")</c> (as <c>$(X)</c>),
/// <c>constants.hostname</c> (as <c>$(HOSTNAME)</c>), <c>coalesce(…)</c>; anything else keeps its source text.
/// </summary>
public sealed class RiverConfig
{
    private const int MaxDepth = 64;
    private readonly string text;
    private readonly PositionMap map;
    private readonly int[] lineStarts;
    private int pos;

    private RiverConfig(string text, PositionMap map)
    {
        this.text = text;
        this.map = map;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        lineStarts = [.. starts];
    }

    /// <summary>Parses <paramref name="text"/> into a mapping of top-level blocks (each name → sequence of blocks).</summary>
    public static ManifestMapping Parse(string text, PositionMap map)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(map);
        var reader = new RiverConfig(text, map);
        var body = reader.ParseBody(0, topLevel: true);
        reader.SkipTrivia();
        if (reader.pos < text.Length)
        {
            throw reader.Error("unexpected text");
        }

        return body;
    }

    private ManifestMapping ParseBody(int depth, bool topLevel)
    {
        if (depth > MaxDepth)
        {
            throw Error("blocks nested too deeply");
        }

        var start = Position(pos);
        var attributes = new List<KeyValuePair<ManifestScalar, ManifestNode>>();
        var blocks = new Dictionary<string, (ManifestScalar Key, List<ManifestNode> Items)>(StringComparer.Ordinal);
        var order = new List<string>();
        while (true)
        {
            SkipTrivia();
            if (pos >= text.Length || (!topLevel && text[pos] == '}'))
            {
                break;
            }

            var nameStart = pos;
            var name = ReadName();
            if (name.Length == 0)
            {
                throw Error("expected an attribute or block name");
            }

            var key = new ManifestScalar(name, Position(nameStart));
            SkipTrivia();
            if (Peek('='))
            {
                pos++;
                attributes.Add(new(key, ParseExpression(depth + 1)));
                continue;
            }

            string? label = null;
            if (Peek('"') || Peek('`'))
            {
                label = ReadString();
                SkipTrivia();
            }

            Expect('{');
            var block = ParseBody(depth + 1, topLevel: false);
            Expect('}');
            var withLabel = label is null
                ? block
                : new ManifestMapping([new(new ManifestScalar("__label", key.Position), new ManifestScalar(label, key.Position, quoted: true)), .. block.Entries], block.Position);
            if (!blocks.TryGetValue(name, out var list))
            {
                list = (key, []);
                blocks[name] = list;
                order.Add(name);
            }

            list.Items.Add(new ManifestMapping(withLabel.Entries, key.Position));
        }

        var entries = new List<KeyValuePair<ManifestScalar, ManifestNode>>(attributes);
        foreach (var name in order.Where(n => attributes.All(a => a.Key.Value != n)))
        {
            entries.Add(new(blocks[name].Key, new ManifestSequence(blocks[name].Items, blocks[name].Key.Position)));
        }

        return new ManifestMapping(entries, start);
    }

    private ManifestNode ParseExpression(int depth)
    {
        var first = ParseTerm(depth);
        SkipTrivia();
        if (!Peek('+'))
        {
            return first;
        }

        var builder = new StringBuilder(first.ScalarValue);
        while (Peek('+'))
        {
            pos++;
            builder.Append(ParseTerm(depth).ScalarValue);
            SkipTrivia();
        }

        return new ManifestScalar(builder.ToString(), first.Position, quoted: true);
    }

    private ManifestNode ParseTerm(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("expression nested too deeply");
        }

        SkipTrivia();
        var at = Position(pos);
        if (pos >= text.Length)
        {
            throw Error("expected a value");
        }

        var c = text[pos];
        if (c is '"' or '`')
        {
            return new ManifestScalar(ReadString(), at, quoted: true);
        }

        if (c == '[')
        {
            pos++;
            var items = new List<ManifestNode>();
            while (true)
            {
                SkipTrivia();
                if (Peek(']'))
                {
                    pos++;
                    break;
                }

                items.Add(ParseExpression(depth + 1));
                SkipTrivia();
                if (Peek(','))
                {
                    pos++;
                }
            }

            return new ManifestSequence(items, at);
        }

        if (c == '{')
        {
            pos++;
            var entries = new List<KeyValuePair<ManifestScalar, ManifestNode>>();
            while (true)
            {
                SkipTrivia();
                if (Peek('}'))
                {
                    pos++;
                    break;
                }

                var keyAt = Position(pos);
                var key = Peek('"') ? ReadString() : ReadName();
                SkipTrivia();
                if (!Peek('=') && !Peek(':'))
                {
                    throw Error("expected '=' in object");
                }

                pos++;
                if (entries.All(e => e.Key.Value != key))
                {
                    entries.Add(new(new ManifestScalar(key, keyAt), ParseExpression(depth + 1)));
                }

                SkipTrivia();
                if (Peek(','))
                {
                    pos++;
                }
            }

            return new ManifestMapping(entries, at);
        }

        if (c == '(')
        {
            pos++;
            var inner = ParseExpression(depth + 1);
            SkipTrivia();
            Expect(')');
            return inner;
        }

        var start = pos;
        var name = ReadName();
        if (name.Length == 0)
        {
            while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '.' or '-' or '_'))
            {
                pos++;
            }

            if (pos == start)
            {
                throw Error($"unexpected '{text[pos]}'");
            }

            return new ManifestScalar(text[start..pos], at);
        }

        SkipTrivia();
        if (Peek('('))
        {
            pos++;
            var args = new List<ManifestNode>();
            while (true)
            {
                SkipTrivia();
                if (Peek(')'))
                {
                    pos++;
                    break;
                }

                args.Add(ParseExpression(depth + 1));
                SkipTrivia();
                if (Peek(','))
                {
                    pos++;
                }
            }

            return Indexed(name switch
            {
                "sys.env" or "env" when args.Count == 1 && args[0].ScalarValue is { } variable => new ManifestScalar($"$({variable})", at, quoted: true),
                "coalesce" => args.FirstOrDefault(a => !string.IsNullOrEmpty(a.ScalarValue)) ?? new ManifestScalar(string.Empty, at, isNull: true),
                _ => new ManifestScalar(text[start..pos], at),
            }, start, at, depth);
        }

        return Indexed(name switch
        {
            "true" or "false" => new ManifestScalar(name, at),
            "null" => new ManifestScalar(string.Empty, at, isNull: true),
            "constants.hostname" => new ManifestScalar("$(HOSTNAME)", at, quoted: true),
            _ => new ManifestScalar(name, at),
        }, start, at, depth);
    }

    /// <summary>
    /// Index and field access after a reference or call (<c>remote.kubernetes.secret.x.data["key"]</c>,
    /// <c>f(a)["k"].b</c>): consumed and kept as the expression's text, as other references are.
    /// </summary>
    private ManifestNode Indexed(ManifestNode term, int start, SourcePosition at, int depth)
    {
        var indexed = false;
        while (true)
        {
            SkipTrivia();
            if (Peek('['))
            {
                pos++;
                _ = ParseExpression(depth + 1);
                SkipTrivia();
                Expect(']');
                indexed = true;
            }
            else if (indexed && Peek('.'))
            {
                pos++;
                _ = ReadName();
            }
            else
            {
                return indexed ? new ManifestScalar(text[start..pos], at) : term;
            }
        }
    }

    private string ReadName()
    {
        var start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_' || (text[pos] == '.' && pos > start)))
        {
            pos++;
        }

        return text[start..pos];
    }

    private string ReadString()
    {
        var quote = text[pos++];
        var builder = new StringBuilder();
        while (pos < text.Length && text[pos] != quote)
        {
            if (quote == '"' && text[pos] == '\\' && pos + 1 < text.Length)
            {
                pos++;
                builder.Append(text[pos] switch { 'n' => '\n', 't' => '\t', _ => text[pos] });
            }
            else
            {
                builder.Append(text[pos]);
            }

            pos++;
        }

        if (pos >= text.Length)
        {
            throw Error("unterminated string");
        }

        pos++;
        return builder.ToString();
    }

    private void SkipTrivia()
    {
        while (pos < text.Length)
        {
            if (char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
            else if (text[pos] == '#' || (text[pos] == '/' && pos + 1 < text.Length && text[pos + 1] == '/'))
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else if (text[pos] == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
            {
                var end = text.IndexOf("*/", pos + 2, StringComparison.Ordinal);
                pos = end < 0 ? text.Length : end + 2;
            }
            else
            {
                break;
            }
        }
    }

    private bool Peek(char c) => pos < text.Length && text[pos] == c;

    private void Expect(char c)
    {
        SkipTrivia();
        if (!Peek(c))
        {
            throw Error($"expected '{c}'");
        }

        pos++;
    }

    private SourcePosition Position(int offset)
    {
        var index = Array.BinarySearch(lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return map.Map(line + 1, offset - lineStarts[line] + 1);
    }

    private GateUsageException Error(string message) =>
        new("invalid Alloy configuration: " + message, Position(Math.Min(pos, Math.Max(0, text.Length - 1))), "check the River syntax");
}
