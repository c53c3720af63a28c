namespace Gate.Core.Profiling;

/// <summary>The audit stages <c>gate profile</c> reads (audit.k8s.io/v1 <c>Stage</c>).</summary>
public enum AuditStage
{
    /// <summary>Response headers sent; only long-running requests (watches) have it.</summary>
    ResponseStarted,

    /// <summary>The response body is complete.</summary>
    ResponseComplete,
}

/// <summary>
/// One audit event of the profiled user: the fields of audit.k8s.io/v1 <c>Event</c> that say what was asked for and
/// by which pod (k8s.io/apiserver/pkg/apis/audit/v1/types.go). Other users' events never become objects.
/// </summary>
public sealed record AuditEvent
{
    public required AuditStage Stage { get; init; }

    /// <summary>The Kubernetes verb (<c>list</c>, <c>watch</c>, <c>get</c>, …; the HTTP method for non-resource URLs).</summary>
    public required string Verb { get; init; }

    /// <summary>The request URI as sent by the client, query included.</summary>
    public required string RequestUri { get; init; }

    /// <summary><c>user.extra["authentication.kubernetes.io/node-name"]</c> of a bound service-account token.</summary>
    public string? NodeName { get; init; }

    /// <summary><c>user.extra["authentication.kubernetes.io/pod-name"]</c> of a bound service-account token.</summary>
    public string? PodName { get; init; }

    /// <summary>The first of <c>sourceIPs</c>.</summary>
    public string? SourceIp { get; init; }

    /// <summary><c>objectRef.resource</c>; null for non-resource requests.</summary>
    public string? Resource { get; init; }

    public string? Subresource { get; init; }

    /// <summary><c>objectRef.apiGroup</c>, empty for the core group.</summary>
    public string Group { get; init; } = string.Empty;

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary><c>responseStatus.code</c>; 0 when absent.</summary>
    public int Code { get; init; }

    /// <summary><c>requestReceivedTimestamp</c>, shared by every stage of one request.</summary>
    public DateTimeOffset Received { get; init; }
}
