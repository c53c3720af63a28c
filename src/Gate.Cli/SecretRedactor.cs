using System.Text.RegularExpressions;
using Gate.Core.Diagnostics;

namespace Gate.Cli;

/// <summary>
/// Removes credentials from text before it reaches a console or log: every credential the process holds, by value
/// (<see cref="SecretValues"/>: echoed back in an upstream error body), then bearer tokens, GitHub tokens,
/// basic-auth passwords in URLs and kubeconfig secrets by pattern. Used on every message Gate did not write itself.
/// </summary>
public static partial class SecretRedactor
{
    private const string Mask = "***";

    /// <summary>Returns <paramref name="text"/> with every recognised secret replaced by <c>***</c>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = SecretValues.Redact(text);
        text = BearerPattern().Replace(text, m => m.Groups[1].Value + Mask);
        text = GitHubTokenPattern().Replace(text, Mask);
        text = UrlPasswordPattern().Replace(text, m => m.Groups[1].Value + Mask + "@");
        return KeyValuePattern().Replace(text, m => m.Groups[1].Value + Mask);
    }

    [GeneratedRegex(@"(?i)(bearer\s+)[A-Za-z0-9\-._~+/]+=*")]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b")]
    private static partial Regex GitHubTokenPattern();

    [GeneratedRegex(@"(://[^:/@\s]+:)[^@\s]+@")]
    private static partial Regex UrlPasswordPattern();

    [GeneratedRegex(@"(?i)((?:token|password|client-key-data|client-certificate-data|secret)""?\s*[:=]\s*""?)[^\s"",}]+")]
    private static partial Regex KeyValuePattern();
}
