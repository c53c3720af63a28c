using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Datadog node agent (<c>datadog/agent</c>, <c>registry.datadoghq.com/agent</c>). Every container of the agent image
/// is recognised, but only the core agent (<c>agent run</c>, or the image's own entrypoint) calls the API server: the
/// trace-agent, process-agent, system-probe, security-agent and the init containers that copy configuration do not.
/// With the Cluster Agent (<c>DD_CLUSTER_AGENT_ENABLED=true</c>) the core agent polls the Cluster Agent for its
/// node's service tags (pkg/util/clusteragent/clusteragent.go) and makes no API server requests: the fan-in names the
/// Cluster Agent Deployment (<see cref="DatadogClusterAgent"/>). The Cluster Agent in the inputs alone does not switch
/// the node agents over: <c>cluster_agent.enabled</c> defaults to false. Without it, every node computes the metadata mapper itself:
/// DataDog/datadog-agent pkg/util/kubernetes/apiserver/apiserver_kubelet.go <c>NodeMetadataMapping</c> LISTs all
/// endpoints — or all EndpointSlices with <c>DD_KUBERNETES_USE_ENDPOINT_SLICES=true</c> (<c>UseEndpointSlices</c>) —
/// with resourceVersion 0 every <c>DD_KUBERNETES_METADATA_TAG_UPDATE_FREQ</c> seconds (default 60), and reads its own
/// Node for host tags at start.
/// </summary>
public sealed class DatadogAgent : IAgentModel
{
    /// <summary>Processes of the agent image that make no API server requests.</summary>
    private static readonly HashSet<string> NoApiProcesses = new(StringComparer.Ordinal)
    {
        "trace-agent", "trace-loader", "process-agent", "system-probe", "security-agent", "otel-agent", "agent-data-plane",
        "bash", "sh", "cp", "cat", "install-info",
    };

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
        var process = Process(context);
        if (context.Container.IsInit || (process is not null && NoApiProcesses.Contains(process)))
        {
            return new AgentAnalysis { Agent = Id };
        }

        var dca = context.Container.FindEnv("DD_CLUSTER_AGENT_ENABLED");
        if (IsTrue(dca?.Value))
        {
            List<string> clientNotes = ["datadog agent: DD_CLUSTER_AGENT_ENABLED=true, cluster metadata comes from the Cluster Agent (no API server requests per node)"];
            var fanIn = DatadogClusterAgent.ClientFanIn(context, clientNotes);
            return new AgentAnalysis { Agent = Id, Notes = clientNotes, FanIn = fanIn };
        }

        var origin = dca?.Position ?? context.Container.ImagePosition;
        var freqEnv = context.Container.FindEnv("DD_KUBERNETES_METADATA_TAG_UPDATE_FREQ");
        var period = ConfigDocuments.Seconds(freqEnv?.Value) ?? 60;
        var slices = context.Container.FindEnv("DD_KUBERNETES_USE_ENDPOINT_SLICES");
        var (group, resource) = IsTrue(slices?.Value) ? ("discovery.k8s.io", "endpointslices") : (string.Empty, "endpoints");
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns =
            [
                Patterns.List(group, resource, freqEnv?.Position ?? slices?.Position ?? origin, $"datadog agent without Cluster Agent: metadata mapper lists all {resource} every {period:0}s", period, resourceVersion: "0"),
                Patterns.Get(string.Empty, "nodes", origin, "datadog agent: GET of the own node for host tags at start", null, PatternScope.Object),
            ],
            Notes =
            [
                DatadogClusterAgent.InInputs(context)
                    ? $"datadog agent: the Cluster Agent is in the inputs but DD_CLUSTER_AGENT_ENABLED is not true, so every node still lists all {resource} of the cluster itself (cluster_agent.enabled defaults to false); set DD_CLUSTER_AGENT_ENABLED=true"
                    : $"datadog agent without the Cluster Agent: every node lists all {resource} of the cluster; set DD_CLUSTER_AGENT_ENABLED=true and deploy the Cluster Agent",
            ],
        };
    }

    /// <summary>The program the container runs (the base name of its first command-line word), null for the image's entrypoint.</summary>
    private static string? Process(AgentContext context)
    {
        var first = context.Arguments.FirstOrDefault();
        return first is null ? null : first[(first.LastIndexOf('/') + 1)..];
    }

    private static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "TRUE" or "1" or "YES";
}
