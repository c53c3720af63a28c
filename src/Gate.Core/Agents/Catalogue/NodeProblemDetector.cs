namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// node-problem-detector (kubernetes/node-problem-detector, read at v0.8.19 and master). With the Kubernetes exporter
/// (<c>--enable-k8s-exporter</c>, default true) pkg/exporters/k8sexporter/problemclient/problem_client.go GETs its node
/// at start (resourceVersion 0, from the watch cache) and patches the node's status with its conditions at least every
/// <c>--k8s-exporter-heartbeat-period</c> (default 5 min, cmd/options/options.go); problems are recorded as Events
/// (creates, bounded by problems, not counted).
/// </summary>
public sealed class NodeProblemDetector : IAgentModel
{
    public string Id => "node-problem-detector";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image[(image.LastIndexOf('/') + 1)..] == "node-problem-detector";
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Flag("--enable-k8s-exporter") is { Value: "false" })
        {
            return new AgentAnalysis { Agent = Id, Notes = ["node-problem-detector: --enable-k8s-exporter=false, no API server requests"] };
        }

        var origin = context.Container.ImagePosition;
        var heartbeat = context.Flag("--k8s-exporter-heartbeat-period");
        var period = Calico.GoDurationSeconds(heartbeat?.Value) ?? 300;
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns =
            [
                Patterns.Get(string.Empty, "nodes", origin, "node-problem-detector start-up: GET of its own node", null, PatternScope.Object) with { ResourceVersion = "0" },
                Flannel.Write(ApiVerb.Patch, "nodes", heartbeat?.Position ?? origin, $"node-problem-detector: patches its node's conditions every {period:0} s", period),
            ],
        };
    }
}
