using System.Text;
using Gate.Core.Diagnostics;

namespace Gate.Kubernetes;

/// <summary>
/// Remembers the credential each request carries (<see cref="SecretValues"/>), whatever supplied it — a kubeconfig
/// token, a basic-auth password, an exec plugin, the in-cluster ServiceAccount token file — so an error body that
/// echoes it back is redacted by value before it is printed.
/// </summary>
internal sealed class CredentialWitness : DelegatingHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is { Parameter: { } parameter } authorization)
        {
            SecretValues.Remember(parameter);
            if (string.Equals(authorization.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            {
                Remember(parameter);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }

    // Basic credentials are base64 of user:password; the password alone can be echoed too.
    private static void Remember(string basic)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(basic));
            SecretValues.Remember(decoded[(decoded.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        }
        catch (FormatException)
        {
            // not base64: nothing more to remember
        }
    }
}
