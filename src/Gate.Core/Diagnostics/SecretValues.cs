namespace Gate.Core.Diagnostics;

/// <summary>
/// The credentials this process holds (API server bearer tokens and basic-auth passwords, the Prometheus token and
/// password, the serve token), remembered as the adapters meet them so that any text leaving the process can be
/// cleaned of them by value: an upstream error body that echoes a token back (a Kubernetes 401/409/422 message, a
/// proxy's error page) matches no pattern but still holds the token.
/// </summary>
public static class SecretValues
{
    /// <summary>Values shorter than this are not treated as secrets (they would match ordinary words).</summary>
    public const int MinLength = 8;

    private const string Mask = "***";
    private static readonly Lock Gate = new();
    private static string[] values = [];

    /// <summary>Remembers <paramref name="secret"/> (ignored when null or shorter than <see cref="MinLength"/>).</summary>
    public static void Remember(string? secret)
    {
        if (secret is null || secret.Trim().Length < MinLength)
        {
            return;
        }

        secret = secret.Trim();
        lock (Gate)
        {
            if (!values.Contains(secret, StringComparer.Ordinal))
            {
                // Longest first, so a secret that contains another is masked whole.
                values = [.. values.Append(secret).OrderByDescending(v => v.Length)];
            }
        }
    }

    /// <summary>Returns <paramref name="text"/> with every remembered value replaced by <c>***</c>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var value in Volatile.Read(ref values))
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
