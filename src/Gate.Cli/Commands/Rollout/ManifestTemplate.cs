using System.Globalization;
using System.Text.Json.Nodes;
using Gate.Cli.Input;
using Gate.Core;
using Gate.Core.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gate.Cli.Commands.Rollout;

/// <summary>Reads the pod template (<c>spec.template</c>) of the DaemonSet in a manifest file, as JSON.</summary>
internal static class ManifestTemplate
{
    public static string Read(string path, string name)
    {
        if (!File.Exists(path))
        {
            throw new GateUsageException($"manifest {path} not found", hint: "check --manifest");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(InputFile.ReadConfigText(path, path)));
        }
        catch (YamlException ex)
        {
            throw new GateUsageException("invalid YAML: " + ex.Message.Split('\n')[0], Position(path, ex.Start), "fix the manifest");
        }

        var daemonSets = stream.Documents
            .Select(d => d.RootNode as YamlMappingNode)
            .Where(m => m is not null && Scalar(m, "kind") == "DaemonSet")
            .ToList();
        var match = daemonSets.FirstOrDefault(m => Scalar(m!["metadata"] as YamlMappingNode, "name") == name) ?? (daemonSets.Count == 1 ? daemonSets[0] : null);
        if (match is null)
        {
            throw new GateUsageException($"no DaemonSet named {name} in the manifest", new SourcePosition(path, 1, 1), "pass the manifest of the DaemonSet being rolled out");
        }

        if (match["spec"] is not YamlMappingNode spec || !spec.Children.TryGetValue("template", out var template) || template is not YamlMappingNode)
        {
            throw new GateUsageException("the DaemonSet has no spec.template", Position(path, match.Start), "add the pod template");
        }

        return ToJson(template)!.ToJsonString();
    }

    private static SourcePosition Position(string path, Mark mark) => new(path, (int)mark.Line, (int)mark.Column);

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s ? s.Value : null;

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? string.Empty, ToJson(p.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" or "~" or "" => null,
            _ when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
