namespace Gate.Kubernetes;

/// <summary>Sets the User-Agent of every request (the gate's identity: which gate sent what shows in audit logs).</summary>
internal sealed class UserAgentHandler(string userAgent) : DelegatingHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return base.SendAsync(request, cancellationToken);
    }
}
