using System.Text;
using System.Text.Json;

namespace Gate.Core.Manifests;

/// <summary>
/// Reads JSON (one value or several concatenated values) into <see cref="ManifestNode"/> trees with line/column
/// positions. Rejects duplicate keys, nesting beyond <see cref="InputLimits.MaxDepth"/> and more than
/// <see cref="InputLimits.MaxNodes"/> values or <see cref="InputLimits.MaxDocuments"/> documents.
/// </summary>
public sealed class JsonTreeReader
{
    private readonly byte[] bytes;
    private readonly int[] lineStarts;
    private readonly PositionMap map;
    private readonly InputLimits limits;
    private long nodes;

    private JsonTreeReader(byte[] bytes, PositionMap map, InputLimits limits)
    {
        this.bytes = bytes;
        this.map = map;
        this.limits = limits;
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        lineStarts = [.. starts];
    }

    /// <summary>True when the text looks like JSON (first significant character is <c>{</c> or <c>[</c>).</summary>
    public static bool LooksLikeJson(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c is '{' or '[';
            }
        }

        return false;
    }

    /// <summary>Reads every top-level JSON value of <paramref name="text"/>.</summary>
    public static IReadOnlyList<ManifestNode?> ReadDocuments(string text, PositionMap map, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(map);
        var reader = new JsonTreeReader(Encoding.UTF8.GetBytes(text), map, limits ?? InputLimits.Default);
        return reader.ReadAll();
    }

    private List<ManifestNode?> ReadAll()
    {
        var options = new JsonReaderOptions
        {
            AllowMultipleValues = true,
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = limits.MaxDepth,
        };
        var reader = new Utf8JsonReader(bytes, options);
        var documents = new List<ManifestNode?>();
        try
        {
            while (reader.Read())
            {
                documents.Add(ReadValue(ref reader));
                if (documents.Count > limits.MaxDocuments)
                {
                    throw new GateUsageException($"more than {limits.MaxDocuments} JSON documents", map.Map(1, 1), "split the input");
                }
            }
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }

            throw new GateUsageException("invalid JSON: " + message.TrimEnd('.', ' '), map.Map(line, column), "fix the JSON syntax", ex);
        }

        return documents;
    }

    private ManifestNode ReadValue(ref Utf8JsonReader reader)
    {
        if (++nodes > limits.MaxNodes)
        {
            throw limits.TooManyNodes("JSON values", map.Map(1, 1));
        }

        var position = PositionAt(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<KeyValuePair<ManifestScalar, ManifestNode>>();
                HashSet<string>? seen = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = new ManifestScalar(reader.GetString() ?? string.Empty, PositionAt(reader.TokenStartIndex), quoted: true);
                    if (!ManifestKeys.TryAdd(entries, ref seen, key.Value))
                    {
                        throw new GateUsageException($"duplicate key '{key.Value}'", key.Position, "remove one of the two entries");
                    }

                    reader.Read();
                    entries.Add(new(key, ReadValue(ref reader)));
                }

                return new ManifestMapping(entries, position);
            case JsonTokenType.StartArray:
                var items = new List<ManifestNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return new ManifestSequence(items, position);
            case JsonTokenType.String:
                return new ManifestScalar(reader.GetString() ?? string.Empty, position, quoted: true);
            case JsonTokenType.Null:
                return new ManifestScalar(string.Empty, position, isNull: true);
            default:
                // Numbers and booleans keep their literal text.
                return new ManifestScalar(Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()), position);
        }
    }

    private SourcePosition PositionAt(long byteIndex)
    {
        var index = Array.BinarySearch(lineStarts, (int)byteIndex);
        var line = index >= 0 ? index : ~index - 1;
        return map.Map(line + 1, (int)byteIndex - lineStarts[line] + 1);
    }
}
