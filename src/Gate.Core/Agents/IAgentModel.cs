namespace Gate.Core.Agents;

/// <summary>
/// One entry of the agent catalogue: recognises an agent container (image, command, config) and derives the API
/// requests its configuration makes, from the agent's documented behaviour.
/// </summary>
public interface IAgentModel
{
    /// <summary>Stable agent id used in reports (<c>opentelemetry-collector</c>, <c>fluent-bit</c> …).</summary>
    string Id { get; }

    /// <summary>True when <paramref name="context"/>'s container runs this agent.</summary>
    bool Detect(AgentContext context);

    /// <summary>The access patterns the container's configuration makes.</summary>
    AgentAnalysis Analyze(AgentContext context);
}
