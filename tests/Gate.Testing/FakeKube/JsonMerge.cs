using System.Text;
using System.Text.Json.Nodes;

namespace Gate.Testing.FakeKube;

/// <summary>JSON helpers of the fake API server: RFC 7386 merge patch and a canonical (key-sorted) form for hashing.</summary>
public static class JsonMerge
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> in place (RFC 7386).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Apply(result[key], value);
                result.Remove(key);
                result[key] = merged;
            }
        }

        return result;
    }

    /// <summary>The node serialized with object keys sorted, recursively.</summary>
    public static string Canonical(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(node, builder);
        return builder.ToString();
    }

    /// <summary>A short stable hash of a JSON value (FNV-1a over the canonical form), like controller-revision-hash.</summary>
    public static string Hash(JsonNode? node)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(node)))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Write(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case JsonObject obj:
                builder.Append('{');
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(JsonValue.Create(key).ToJsonString()).Append(':');
                    Write(value, builder);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                foreach (var item in array)
                {
                    Write(item, builder);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            default:
                builder.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }
}
