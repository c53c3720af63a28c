using System.Net;
using Gate.Core;
using Gate.Core.Rollout;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gate.Kubernetes;

/// <summary>
/// The coordination.k8s.io Lease that makes one gate at a time drive a DaemonSet's rollout: taken when free or
/// expired, renewed by its holder, freed at the end.
/// </summary>
internal sealed class KubernetesRolloutLease
{
    private readonly IKubernetes client;
    private readonly DaemonSetRef target;

    public KubernetesRolloutLease(IKubernetes client, DaemonSetRef target)
    {
        this.client = client;
        this.target = target;
    }

    /// <summary>Takes or renews the Lease for the request's holder unless another holds it unexpired.</summary>
    /// <remarks>
    /// A 409 on the create or replace means the Lease changed between read and write: another gate took it, or this
    /// gate's own earlier attempt landed and only its answer was lost (the retry then conflicts with it). Either way the
    /// Lease is read and judged again (a few times), rather than reporting a holder that may be this gate itself.
    /// </remarks>
    public async Task<LeaseResult> TryAcquireAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryAcquireOnceAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                if (attempt >= 3)
                {
                    return new LeaseResult(false, "another gate (the Lease kept changing while acquiring)");
                }
            }
        }
    }

    /// <summary>Frees the Lease when <paramref name="holder"/> still holds it.</summary>
    public async Task ReleaseAsync(string holder, CancellationToken cancellationToken)
    {
        try
        {
            var lease = await CallAsync(() => client.CoordinationV1.ReadNamespacedLeaseAsync(target.LeaseName, target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != holder)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            await CallAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, target.LeaseName, target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // gone or taken over: nothing to release
        }
    }

    private async Task<LeaseResult> TryAcquireOnceAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        var now = request.Now.UtcDateTime;
        var seconds = (int)Math.Ceiling(request.Duration.TotalSeconds);
        V1Lease? lease;
        try
        {
            lease = await CallAsync(() => client.CoordinationV1.ReadNamespacedLeaseAsync(target.LeaseName, target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            lease = null;
        }

        if (lease is null)
        {
            var created = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = target.LeaseName, NamespaceProperty = target.Namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "gate" } },
                Spec = new V1LeaseSpec { HolderIdentity = request.Holder, LeaseDurationSeconds = seconds, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 },
            };
            await CallAsync(() => client.CoordinationV1.CreateNamespacedLeaseAsync(created, target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new LeaseResult(true, request.Holder);
        }

        var spec = lease.Spec ??= new V1LeaseSpec();
        var holder = spec.HolderIdentity;
        var expires = (spec.RenewTime ?? spec.AcquireTime ?? DateTime.MinValue).ToUniversalTime().AddSeconds(spec.LeaseDurationSeconds ?? 0);
        var mine = holder == request.Holder;
        if (!mine && !string.IsNullOrEmpty(holder) && expires > now)
        {
            return new LeaseResult(false, holder);
        }

        if (!mine)
        {
            spec.AcquireTime = now;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.HolderIdentity = request.Holder;
        spec.LeaseDurationSeconds = seconds;
        spec.RenewTime = now;
        await CallAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, target.LeaseName, target.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new LeaseResult(true, request.Holder);
    }

    /// <summary>Maps a refusal or an unreachable cluster to <see cref="GateEnvironmentException"/> (exit 3).</summary>
    private Task<T> CallAsync<T>(Func<Task<T>> call) => ApiCalls.CallAsync(call, target, "for " + target);
}
