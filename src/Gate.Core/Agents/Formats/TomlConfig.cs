using System.Globalization;
using Gate.Core.Manifests;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Gate.Core.Agents.Formats;

/// <summary>
/// Reads a TOML config (Vector) into a <see cref="ManifestMapping"/>. Tables and keys carry the line of their table
/// header (<c>[sources.k8s]</c>) and key (<c>type = …</c>) where they can be found.
/// </summary>
public static class TomlConfig
{
    /// <summary>Parses <paramref name="text"/>; returns null (with a note) when it is not valid TOML.</summary>
    public static ManifestMapping? Read(string text, PositionMap map, ICollection<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(map);
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize(text, TomlConfigContext.Default.TomlTable) ?? [];
        }
#pragma warning disable CA1031 // Any parse failure of an embedded agent config is reported as a note, not a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            notes?.Add("could not read TOML config: " + ex.Message.ReplaceLineEndings(" "));
            return null;
        }

        var locator = new Locator(text.Split('\n'), map);
        return (ManifestMapping)Convert(table, string.Empty, locator);
    }

    private static ManifestNode Convert(object? value, string path, Locator locator)
    {
        var position = locator.Find(path);
        switch (value)
        {
            case TomlTable table:
                var entries = new List<KeyValuePair<ManifestScalar, ManifestNode>>();
                foreach (var (key, child) in table)
                {
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    entries.Add(new(new ManifestScalar(key, locator.Find(childPath)), Convert(child, childPath, locator)));
                }

                return new ManifestMapping(entries, position);
            case TomlTableArray tables:
                return new ManifestSequence(tables.Select(t => Convert(t, path, locator)).ToList(), position);
            case TomlArray array:
                return new ManifestSequence(array.Select(i => Convert(i, path, locator)).ToList(), position);
            case null:
                return new ManifestScalar(string.Empty, position, isNull: true);
            case bool b:
                return new ManifestScalar(b ? "true" : "false", position);
            case string s:
                return new ManifestScalar(s, position, quoted: true);
            default:
                return new ManifestScalar(System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, position);
        }
    }

    private sealed class Locator(string[] lines, PositionMap map)
    {
        public SourcePosition Find(string path)
        {
            if (path.Length == 0)
            {
                return map.Map(1, 1);
            }

            var parts = path.Split('.');
            for (var split = parts.Length; split >= 0; split--)
            {
                var header = string.Join('.', parts[..split]);
                var key = split < parts.Length ? parts[split] : null;
                var start = 0;
                if (header.Length > 0)
                {
                    start = FindHeader(header);
                    if (start < 0)
                    {
                        continue;
                    }
                }

                if (key is null)
                {
                    return map.Map(start + 1, Indent(lines[start]) + 1);
                }

                for (var i = header.Length > 0 ? start + 1 : 0; i < lines.Length; i++)
                {
                    var trimmed = lines[i].Trim();
                    if (i > start && header.Length > 0 && trimmed.StartsWith('['))
                    {
                        break;
                    }

                    if (trimmed.StartsWith(key, StringComparison.Ordinal) && trimmed[key.Length..].TrimStart().StartsWith('=') )
                    {
                        return map.Map(i + 1, Indent(lines[i]) + 1);
                    }
                }

                if (header.Length > 0)
                {
                    return map.Map(start + 1, Indent(lines[start]) + 1);
                }
            }

            return map.Map(1, 1);
        }

        private int FindHeader(string header)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var trimmed = lines[i].Trim();
                if (trimmed.StartsWith('[') && trimmed.Trim('[', ']', ' ').Replace("\"", string.Empty, StringComparison.Ordinal) == header)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int Indent(string line) => line.Length - line.TrimStart().Length;
    }
}

/// <summary>Source-generated TOML metadata for the document model: no reflection, so it works in the native build.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlConfigContext : TomlSerializerContext;
