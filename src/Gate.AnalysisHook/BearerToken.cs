using System.Security.Cryptography;
using System.Text;

namespace Gate.AnalysisHook;

/// <summary>Checks an <c>Authorization: Bearer …</c> header in constant time.</summary>
internal sealed class BearerToken
{
    private readonly byte[] _expectedHash;

    public BearerToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer &lt;token&gt;</c> with the expected token.</summary>
    public bool Matches(string? authorization)
    {
        const string scheme = "Bearer ";
        var presented = authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[scheme.Length..].Trim()
            : string.Empty;

        // Hash first so the comparison takes the same time whatever the presented length.
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash) && presented.Length > 0;
    }
}
