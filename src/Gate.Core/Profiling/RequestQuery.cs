using System.Globalization;

namespace Gate.Core.Profiling;

/// <summary>The list options of a request URI's query (metav1.ListOptions as the client sent them).</summary>
public sealed record RequestQuery
{
    public string? FieldSelector { get; init; }

    public string? LabelSelector { get; init; }

    /// <summary>Null when unset.</summary>
    public string? ResourceVersion { get; init; }

    public string? ResourceVersionMatch { get; init; }

    public int? Limit { get; init; }

    /// <summary>True for a follow-up page (<c>continue</c> set).</summary>
    public bool Continue { get; init; }

    public bool Watch { get; init; }

    /// <summary>Reads the query of <paramref name="requestUri"/> (form encoding: <c>+</c> is a space).</summary>
    public static RequestQuery Parse(string requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        var q = requestUri.IndexOf('?', StringComparison.Ordinal);
        var result = new RequestQuery();
        if (q < 0)
        {
            return result;
        }

        foreach (var pair in requestUri[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
            result = key switch
            {
                "fieldSelector" => result with { FieldSelector = Empty(value) },
                "labelSelector" => result with { LabelSelector = Empty(value) },
                "resourceVersion" => result with { ResourceVersion = Empty(value) },
                "resourceVersionMatch" => result with { ResourceVersionMatch = Empty(value) },
                "limit" => result with { Limit = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null },
                "continue" => result with { Continue = value.Length > 0 },
                "watch" => result with { Watch = value is "true" or "1" },
                _ => result,
            };
        }

        return result;
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
