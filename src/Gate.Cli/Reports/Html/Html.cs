using System.Net;

namespace Gate.Cli.Reports.Html;

/// <summary>Escaping for text and attribute values.</summary>
internal static class Html
{
    /// <summary><paramref name="text"/> safe inside an element or a quoted attribute.</summary>
    public static string Text(string text) => WebUtility.HtmlEncode(text);
}
