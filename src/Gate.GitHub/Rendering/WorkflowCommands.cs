using System.Globalization;
using System.Text;

namespace Gate.GitHub.Rendering;

/// <summary>
/// GitHub workflow commands (<c>::error file=…,line=…::message</c>) with GitHub's escaping: in the message
/// <c>%</c>, CR and LF are percent-encoded; in property values also <c>:</c> and <c>,</c>. An escaped command is
/// always one line, so untrusted text cannot start a command of its own.
/// </summary>
public static class WorkflowCommands
{
    /// <summary>Escapes the data (message) part of a command.</summary>
    public static string EscapeData(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value
            .Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);
    }

    /// <summary>Escapes a property value (file, title, …).</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>An annotation command: <paramref name="command"/> is <c>error</c>, <c>warning</c> or <c>notice</c>.</summary>
    public static string Annotation(string command, string message, string? file = null, int line = 0, int column = 0, string? title = null)
    {
        var properties = new List<string>();
        if (!string.IsNullOrEmpty(file))
        {
            properties.Add("file=" + EscapeProperty(file));
            if (line > 0)
            {
                properties.Add("line=" + line.ToString(CultureInfo.InvariantCulture));
                if (column > 0)
                {
                    properties.Add("col=" + column.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        if (!string.IsNullOrEmpty(title))
        {
            properties.Add("title=" + EscapeProperty(title));
        }

        var text = new StringBuilder("::").Append(command);
        if (properties.Count > 0)
        {
            text.Append(' ').AppendJoin(',', properties);
        }

        return text.Append("::").Append(EscapeData(message)).ToString();
    }
}
