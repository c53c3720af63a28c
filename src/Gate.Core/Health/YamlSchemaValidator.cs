using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core.Manifests;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gate.Core.Health;

/// <summary>
/// Validates a YAML document against a JSON schema and reports the first error at its YAML line and column:
/// the YAML is converted to JSON (plain scalars typed as YAML 1.2 core: null, booleans, numbers), evaluated, and the
/// failing instance's JSON pointer is walked back through the YAML nodes.
/// </summary>
public static class YamlSchemaValidator
{
    /// <summary>Parses <paramref name="yaml"/>; a syntax error throws <see cref="GateUsageException"/> at its position.</summary>
    public static YamlMappingNode ParseMapping(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new GateUsageException(
                "invalid YAML: " + OneLine(ex.InnerException?.Message ?? ex.Message), At(source, ex.Start), "fix the YAML syntax", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var node = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
            throw new GateUsageException("expected a YAML mapping at the top level", node is null ? new SourcePosition(source, 1, 1) : At(source, node.Start));
        }

        return root;
    }

    /// <summary>Throws <see cref="GateUsageException"/> at the first schema violation of <paramref name="root"/>.</summary>
    public static void Validate(YamlMappingNode root, string schemaJson, string source, string hint)
    {
        ArgumentNullException.ThrowIfNull(root);
        var schema = JsonSchema.FromText(schemaJson);
        using var doc = JsonDocument.Parse(ToJson(root)?.ToJsonString() ?? "null");
        var results = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return;
        }

        var failure = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .OrderByDescending(d => Segments(d.InstanceLocation.ToString()).Count)
            .ThenBy(d => d.Errors!.ContainsKey("oneOf") ? 1 : 0)
            .FirstOrDefault();
        var pointer = failure is null ? string.Empty : failure.InstanceLocation.ToString();
        var message = failure is null ? "does not match the schema" : failure.Errors!.First().Value;
        var node = Resolve(root, Segments(pointer));
        var path = pointer.Length == 0 ? "document" : string.Join('.', Segments(pointer));
        throw new GateUsageException($"{path}: {OneLine(message)}", At(source, node.Start), hint);
    }

    /// <summary>The YAML node as JSON (plain scalars typed as YAML 1.2 core schema).</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create((p.Key as YamlScalarNode)?.Value ?? p.Key.ToString(), ToJson(p.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    /// <summary>The position of a YAML node.</summary>
    public static SourcePosition At(string source, Mark mark) => new(source, (int)mark.Line, (int)mark.Column);

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var v = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(v);
        }

        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? JsonValue.Create(d)
            : JsonValue.Create(v);
    }

    private static List<string> Segments(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();

    private static YamlNode Resolve(YamlNode root, List<string> segments)
    {
        var node = root;
        foreach (var segment in segments)
        {
            YamlNode? next = node switch
            {
                YamlMappingNode map => map.Children.FirstOrDefault(p => (p.Key as YamlScalarNode)?.Value == segment).Value,
                YamlSequenceNode seq when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i < seq.Children.Count => seq.Children[i],
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            node = next;
        }

        return node;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
