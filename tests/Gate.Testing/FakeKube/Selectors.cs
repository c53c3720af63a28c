using System.Text.Json.Nodes;

namespace Gate.Testing.FakeKube;

/// <summary>Label and field selectors as the API server evaluates them (=, ==, !=, exists, !exists; spec.nodeName, metadata.name).</summary>
public static class Selectors
{
    /// <summary>True when <paramref name="obj"/> matches the label selector (null or empty matches all).</summary>
    public static bool MatchLabels(JsonNode obj, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        var labels = obj["metadata"]?["labels"] as JsonObject;
        string? Label(string key) => labels?[key]?.GetValue<string>();
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            bool ok;
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                var (k, v) = Split(term, "!=");
                ok = Label(k) != v;
            }
            else if (term.Contains('=', StringComparison.Ordinal))
            {
                var (k, v) = Split(term, term.Contains("==", StringComparison.Ordinal) ? "==" : "=");
                ok = Label(k) == v;
            }
            else if (term.StartsWith('!'))
            {
                ok = Label(term[1..]) is null;
            }
            else
            {
                ok = Label(term) is not null;
            }

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="obj"/> matches the field selector (spec.nodeName, metadata.name, metadata.namespace).</summary>
    public static bool MatchFields(JsonNode obj, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var (path, value) = Split(term, negate ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=");
            JsonNode? node = obj;
            foreach (var part in path.Split('.'))
            {
                node = node?[part];
            }

            var actual = node?.GetValue<string>() ?? string.Empty;
            if ((actual == value) == negate)
            {
                return false;
            }
        }

        return true;
    }

    private static (string Key, string Value) Split(string term, string op)
    {
        var i = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..i].Trim(), term[(i + op.Length)..].Trim());
    }
}
