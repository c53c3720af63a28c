namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Node agents and helpers that never call the Kubernetes API: Prometheus node_exporter (reads /proc and /sys),
/// config reloaders and the pause image.
/// </summary>
public sealed class NoApiAgents : IAgentModel
{
    private static readonly (string Fragment, string Id)[] Known =
    [
        ("node-exporter", "node-exporter"),
        ("node_exporter", "node-exporter"),
        ("configmap-reload", "configmap-reload"),
        ("prometheus-config-reloader", "prometheus-config-reloader"),
        ("/pause", "pause"),
        ("csi-node-driver-registrar", "csi-node-driver-registrar"),
        ("livenessprobe", "csi-livenessprobe"),
    ];

    public string Id => "no-api";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Match(context) is not null;
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AgentAnalysis { Agent = Match(context) ?? Id };
    }

    private static string? Match(AgentContext context)
    {
        var image = context.Container.ImageRepository;
        return Known.FirstOrDefault(k => image.Contains(k.Fragment, StringComparison.Ordinal)).Id;
    }
}
