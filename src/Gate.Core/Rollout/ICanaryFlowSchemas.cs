namespace Gate.Core.Rollout;

/// <summary>
/// Port: creates and removes the per-agent <see cref="CanaryFlowSchema"/> (flowcontrol.apiserver.k8s.io/v1). Both calls
/// are idempotent, so a resumed gate simply calls them again.
/// </summary>
public interface ICanaryFlowSchemas
{
    /// <summary>Creates the schema; an existing one of the same name is kept.</summary>
    Task EnsureAsync(CanaryFlowSchema schema, CancellationToken cancellationToken);

    /// <summary>Deletes the schema named <paramref name="name"/> if it belongs to <paramref name="owner"/>; gone is fine.</summary>
    Task RemoveAsync(string name, string owner, CancellationToken cancellationToken);
}
