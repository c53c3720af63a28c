namespace Gate.Core.Agents;

/// <summary>What an agent model found in one container: its patterns and notes for the report.</summary>
public sealed record AgentAnalysis
{
    /// <summary>The agent id (e.g. <c>opentelemetry-collector</c>).</summary>
    public required string Agent { get; init; }

    /// <summary>False when the agent was recognised but its configuration was not in the inputs.</summary>
    public bool ConfigFound { get; init; } = true;

    public IReadOnlyList<AccessPattern> Patterns { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The fan-in this container takes part in, one line for the reports: a per-node agent that reads through a proxy
    /// (Calico's Typha …) or the proxy that serves it; null when none.
    /// </summary>
    public string? FanIn { get; init; }
}
