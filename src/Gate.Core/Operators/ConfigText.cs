using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gate.Core.Manifests;

namespace Gate.Core.Operators;

/// <summary>
/// Writes a config given as an object inside a custom resource (the OpenTelemetry Operator's v1beta1
/// <c>spec.config</c>, ECK's <c>spec.config</c>) as the text the operator puts in the ConfigMap it creates. The text is
/// JSON with every scalar a string, one key per line, so every line maps back to where its key was written in the resource.
/// </summary>
internal static class ConfigText
{
    /// <summary>
    /// The config as JSON text in a ConfigMap value whose positions map to the resource; keys whose path (from the
    /// root) <paramref name="omit"/> accepts are left out, as an operator that rewrites the config leaves them out.
    /// </summary>
    public static ManifestScalar Write(ManifestNode config, Func<IReadOnlyList<string>, bool>? omit = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        var lines = new List<SourcePosition>();
        new Writer(text, lines, omit ?? (_ => false)).Node(config, [], 0, config.Position);
        text.Append('\n');
        lines.Add(config.Position);
        return new ManifestScalar(text.ToString(), config.Position, quoted: true) { TextPositions = PositionMap.PerLine(lines) };
    }

    /// <summary>Writes nodes as indented JSON and the origin of every line it ends.</summary>
    private sealed class Writer(StringBuilder text, List<SourcePosition> lines, Func<IReadOnlyList<string>, bool> omit)
    {
        public void Node(ManifestNode node, List<string> path, int indent, SourcePosition line)
        {
            switch (node)
            {
                case ManifestMapping mapping when Kept(mapping, path) is { Count: > 0 } entries:
                    text.Append('{');
                    for (var i = 0; i < entries.Count; i++)
                    {
                        var (key, value) = entries[i];
                        NewLine(line, indent + 1);
                        line = key.Position;
                        text.Append(Quote(key.Value)).Append(": ");
                        path.Add(key.Value);
                        Node(value, path, indent + 1, line);
                        path.RemoveAt(path.Count - 1);
                        text.Append(i < entries.Count - 1 ? "," : string.Empty);
                    }

                    NewLine(line, indent);
                    text.Append('}');
                    break;
                case ManifestMapping:
                    text.Append("{}");
                    break;
                case ManifestSequence sequence when sequence.Items.Count > 0:
                    text.Append('[');
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        NewLine(line, indent + 1);
                        line = sequence.Items[i].Position;
                        Node(sequence.Items[i], path, indent + 1, line);
                        text.Append(i < sequence.Items.Count - 1 ? "," : string.Empty);
                    }

                    NewLine(line, indent);
                    text.Append(']');
                    break;
                case ManifestSequence:
                    text.Append("[]");
                    break;
                case ManifestScalar { IsNull: true }:
                    text.Append("null");
                    break;
                case ManifestScalar scalar:
                    text.Append(Quote(scalar.Value));
                    break;
            }
        }

        private List<KeyValuePair<ManifestScalar, ManifestNode>> Kept(ManifestMapping mapping, List<string> path) =>
            [.. mapping.Entries.Where(e => !omit([.. path, e.Key.Value]))];

        /// <summary>Ends the current line (which came from <paramref name="line"/>) and indents the next.</summary>
        private void NewLine(SourcePosition line, int indent)
        {
            lines.Add(line);
            text.Append('\n').Append(' ', indent * 2);
        }
    }

    private static string Quote(string value) => "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
