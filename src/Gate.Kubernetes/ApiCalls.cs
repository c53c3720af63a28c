using System.Net;
using Gate.Core;
using Gate.Core.Rollout;
using k8s.Autorest;

namespace Gate.Kubernetes;

/// <summary>How the adapters turn API failures (after <see cref="RetryHandler"/>'s retries) into the gate's exit codes.</summary>
internal static class ApiCalls
{
    /// <summary>
    /// Runs <paramref name="call"/>: 401/403 become <see cref="GateEnvironmentException"/> and an unreachable or failing
    /// (429, 5xx) server a <see cref="ClusterUnavailableException"/>
    /// (exit 3), a missing DaemonSet a <see cref="GateUsageException"/> (exit 2); other errors pass through.
    /// </summary>
    /// <param name="call">The request.</param>
    /// <param name="target">The DaemonSet acted on (named in messages).</param>
    /// <param name="what">What the gate was doing, for the permission message (e.g. <c>for ns/name</c>).</param>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call, DaemonSetRef target, string what)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new GateEnvironmentException($"permission denied by the API server ({(int)ex.Response.StatusCode}) {what}: see deploy/gate-rbac.yaml", ex);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound && ex.Request?.RequestUri?.AbsolutePath.Contains("/daemonsets/", StringComparison.Ordinal) == true)
        {
            throw new GateUsageException($"DaemonSet {target} not found{(target.Kruise ? " (apps.kruise.io)" : string.Empty)}", hint: "check the name and --namespace");
        }
        catch (HttpOperationException ex) when ((int)ex.Response.StatusCode == 429 || (int)ex.Response.StatusCode >= 500)
        {
            throw new ClusterUnavailableException($"the API server kept failing ({(int)ex.Response.StatusCode}) after retries", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ClusterUnavailableException("cluster unreachable: " + ex.Message, ex);
        }
        catch (TimeoutException ex)
        {
            throw new ClusterUnavailableException("cluster unreachable: " + ex.Message, ex);
        }
    }
}
