using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Datadog node agent (<c>datadog/agent</c>). With the Cluster Agent (<c>DD_CLUSTER_AGENT_ENABLED=true</c>) it gets
/// cluster metadata from the Cluster Agent and makes no API server requests itself. Without it every node agent runs
/// the service mapper — a cluster-wide LIST of endpoints every <c>DD_KUBERNETES_METADATA_TAG_UPDATE_FREQ</c> seconds
/// (default 60) — and reads its own Node for host tags at start.
/// </summary>
public sealed class DatadogAgent : IAgentModel
{
    public string Id => "datadog-agent";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        var name = image[(image.LastIndexOf('/') + 1)..];
        return name == "agent" && (image.Contains("datadog", StringComparison.Ordinal) || image.Contains("datadoghq", StringComparison.Ordinal));
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dca = context.Container.FindEnv("DD_CLUSTER_AGENT_ENABLED");
        if (dca?.Value?.Trim().ToUpperInvariant() is "TRUE" or "1" or "YES")
        {
            return new AgentAnalysis
            {
                Agent = Id,
                Notes = ["datadog agent: DD_CLUSTER_AGENT_ENABLED=true, cluster metadata comes from the Cluster Agent (no API server requests per node)"],
            };
        }

        var origin = dca?.Position ?? context.Container.ImagePosition;
        var freqEnv = context.Container.FindEnv("DD_KUBERNETES_METADATA_TAG_UPDATE_FREQ");
        var period = ConfigDocuments.Seconds(freqEnv?.Value) ?? 60;
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns =
            [
                Patterns.List(string.Empty, "endpoints", freqEnv?.Position ?? origin, $"datadog agent without Cluster Agent: service mapper lists all endpoints every {period:0}s", period),
                Patterns.Get(string.Empty, "nodes", origin, "datadog agent: GET of the own node for host tags at start", null, PatternScope.Object),
            ],
            Notes =
            [
                "datadog agent without the Cluster Agent: every node lists all endpoints of the cluster; set DD_CLUSTER_AGENT_ENABLED=true and deploy the Cluster Agent",
            ],
        };
    }
}
