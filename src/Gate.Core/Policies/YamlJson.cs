using System.Globalization;
using System.Text.Json.Nodes;
using Gate.Core.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gate.Core.Policies;

/// <summary>
/// Converts one YAML document to a <see cref="JsonNode"/> for schema validation and remembers where every value
/// starts, keyed by JSON pointer (<c>/budgets/0/readShare</c>), so schema errors point at policy lines.
/// </summary>
internal sealed class YamlJson
{
    private readonly Dictionary<string, SourcePosition> positions = new(StringComparer.Ordinal);
    private readonly string file;

    private YamlJson(string file) => this.file = file;

    public JsonNode? Root { get; private set; }

    /// <summary>Parses <paramref name="text"/>; a YAML syntax error becomes a positioned <see cref="GateUsageException"/>.</summary>
    public static YamlJson Parse(string text, string file)
    {
        var result = new YamlJson(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new GateUsageException(
                "invalid YAML: " + FirstLine(ex.InnerException?.Message ?? ex.Message),
                new SourcePosition(file, (int)ex.Start.Line, (int)ex.Start.Column),
                "fix the YAML syntax",
                ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this when the input ends inside a flow collection or quoted scalar.
            var lines = text.Split('\n');
            throw new GateUsageException(
                "invalid YAML: the document ends inside an unclosed [ ], { } or quoted value",
                new SourcePosition(file, lines.Length, lines[^1].Length + 1),
                "close the bracket or quote",
                ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new GateUsageException(
                $"a policy file holds exactly one YAML document, found {stream.Documents.Count}",
                SourcePosition.FileOnly(file),
                "see docs/policies.md");
        }

        result.Root = result.Convert(stream.Documents[0].RootNode, string.Empty);
        return result;
    }

    /// <summary>Where the value at <paramref name="pointer"/> starts, or its nearest parent's start.</summary>
    public SourcePosition PositionOf(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (positions.TryGetValue(p, out var position))
            {
                return position;
            }

            if (p.Length == 0)
            {
                return new SourcePosition(file, 1, 1);
            }
        }
    }

    private JsonNode? Convert(YamlNode node, string pointer, YamlNode? key = null)
    {
        // Block collections start on the line after their key: point at the key, which is what a reader looks for.
        var at = key is not null && node is not YamlScalarNode ? key : node;
        positions[pointer] = new SourcePosition(file, (int)at.Start.Line, (int)at.Start.Column);
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (entryKey, value) in mapping.Children)
                {
                    var name = entryKey is YamlScalarNode s ? s.Value ?? string.Empty : entryKey.ToString();
                    obj[name] = Convert(value, pointer + "/" + Escape(name), entryKey);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    array.Add(Convert(sequence.Children[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture)));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
