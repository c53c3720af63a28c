namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Node agents and helpers that never call the Kubernetes API: Prometheus node_exporter (reads /proc and /sys),
/// config reloaders, the pause image, and falcoctl's <c>artifact</c> commands (falcosecurity/falcoctl: only
/// cmd/driver/config/config.go builds a Kubernetes client; cmd/artifact/follow/follow.go, cmd/artifact/install and
/// internal/follower/follower.go pull OCI artifacts from registries).
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
        if (IsFalcoctlArtifact(context, image))
        {
            return "falcoctl";
        }

        return Known.FirstOrDefault(k => image.Contains(k.Fragment, StringComparison.Ordinal)).Id;
    }

    /// <summary><c>falcoctl artifact …</c> (init or sidecar container of the Falco chart): the first argument that is not a flag is <c>artifact</c>.</summary>
    private static bool IsFalcoctlArtifact(AgentContext context, string image) =>
        (image == "falcoctl" || image.EndsWith("/falcoctl", StringComparison.Ordinal))
        && context.Arguments.SkipWhile(a => a.EndsWith("falcoctl", StringComparison.Ordinal)).FirstOrDefault(a => !a.StartsWith('-')) == "artifact";
}
