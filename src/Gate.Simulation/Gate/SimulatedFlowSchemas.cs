using Gate.Core.Rollout;
using Gate.Simulation.ControlPlane;

namespace Gate.Simulation.Gate;

/// <summary>
/// The canary FlowSchema port over the simulated control plane: the engine creates the per-agent FlowSchema before the
/// first stage and removes it at the end, exactly as it does through <c>KubernetesFlowSchemas</c>, and the simulated
/// API servers classify the agent's requests by it from then on.
/// </summary>
public sealed class SimulatedFlowSchemas : ICanaryFlowSchemas
{
    private readonly ControlPlaneModel controlPlane;
    private readonly Dictionary<string, string> owners = new(StringComparer.Ordinal);

    public SimulatedFlowSchemas(ControlPlaneModel controlPlane)
    {
        this.controlPlane = controlPlane ?? throw new ArgumentNullException(nameof(controlPlane));
    }

    /// <inheritdoc />
    public Task EnsureAsync(CanaryFlowSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        owners[schema.Name] = schema.Owner;
        controlPlane.AddFlowSchema($"system:serviceaccount:{schema.ServiceAccountNamespace}:{schema.ServiceAccount}", schema.Name, schema.PriorityLevel);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveAsync(string name, string owner, CancellationToken cancellationToken)
    {
        if (owners.TryGetValue(name, out var by) && by == owner)
        {
            owners.Remove(name);
            controlPlane.RemoveFlowSchema(name);
        }

        return Task.CompletedTask;
    }
}
