using System.Diagnostics;
using Gate.Core.Diagnostics;

namespace Gate.Kubernetes;

/// <summary>
/// Counts every request the gate sends to the Kubernetes API (each retry attempt too) on <c>gate.api.requests</c>,
/// tagged with the HTTP method, the Kubernetes verb and resource, the status code and the server — never the path,
/// namespace, object name or query (no URL reaches the metric). Costs nothing when the counter is not enabled.
/// </summary>
public sealed class ApiRequestMeter : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!GateInstrumentation.ApiRequests.Enabled)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        int? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            Count(request, status);
        }
    }

    /// <summary>The Kubernetes verb and resource (with subresource) of a request, from its method, path and query.</summary>
    public static (string Verb, string Resource) Describe(HttpMethod method, Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        var segments = uri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var skip = segments.FirstOrDefault() switch
        {
            "api" => 2,
            "apis" => 3,
            _ => segments.Length,
        };
        var rest = segments.Skip(skip).ToArray();
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            rest = rest[2..];
        }

        var resource = rest.Length == 0 ? "unknown" : rest.Length >= 3 ? rest[0] + "/" + rest[2] : rest[0];
        var named = rest.Length != 1; // a collection is one segment; no resource at all (/version) is a plain get
        var query = uri?.Query ?? string.Empty;
        var watch = query.Contains("watch=true", StringComparison.OrdinalIgnoreCase) || query.Contains("watch=1", StringComparison.Ordinal);
        var verb = method.Method switch
        {
            "GET" when watch => "watch",
            "GET" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => "other",
        };
        return (verb, resource);
    }

    private static void Count(HttpRequestMessage request, int? status)
    {
        var (verb, resource) = Describe(request.Method, request.RequestUri);
        var tags = new TagList
        {
            { GateAttributes.System, "kubernetes" },
            { GateAttributes.HttpMethod, request.Method.Method },
            { GateAttributes.ApiVerb, verb },
            { GateAttributes.ApiResource, resource },
            { GateAttributes.HttpStatusCode, status },
            { GateAttributes.ServerAddress, request.RequestUri?.Host },
            { GateAttributes.ServerPort, request.RequestUri?.Port },
        };
        GateInstrumentation.ApiRequests.Add(1, tags);
    }
}
