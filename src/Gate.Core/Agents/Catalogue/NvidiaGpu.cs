namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// NVIDIA's GPU node agents. The device plugin (NVIDIA/k8s-device-plugin) registers with the kubelet over its
/// device-plugin socket and calls no API server (without GPU feature discovery or MPS, which are other images).
/// dcgm-exporter (NVIDIA/dcgm-exporter) maps GPUs to pods through the kubelet's pod-resources socket; only with
/// <c>--kubernetes-enable-pod-labels</c> / <c>DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS=true</c> does it GET pods, which
/// this model leaves to the RBAC bound. gpu-feature-discovery (the device plugin's image, its own command) writes a
/// features file for node-feature-discovery unless <c>--use-node-feature-api</c> is set (also left to the bound).
/// Upstream: NVIDIA/k8s-device-plugin v0.20.0 cmd/nvidia-device-plugin (kubelet registration only),
/// cmd/gpu-feature-discovery/main.go and api/config/v1/flags.go (<c>--use-node-feature-api</c>), internal/lm/output.go
/// (file or NodeFeature output); NVIDIA/dcgm-exporter 4.5.x internal/pkg/transformation/kubernetes.go (pod-resources
/// socket; pod GETs only with pod labels enabled), pkg/cmd/app.go (the flag).
/// </summary>
public sealed class NvidiaGpu : IAgentModel
{
    public string Id => "nvidia-gpu";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Match(context) is not null;
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Arguments.Any(a => a.EndsWith("gpu-feature-discovery", StringComparison.Ordinal)) ? "gpu-feature-discovery" : Match(context) ?? Id;
        if (context.Arguments.Any(a => a.EndsWith("gpu-feature-discovery", StringComparison.Ordinal))
            && (context.HasFlag("--use-node-feature-api") || context.EnvValue("USE_NODE_FEATURE_API")?.Trim().ToUpperInvariant() is "TRUE" or "1"))
        {
            return new AgentAnalysis { Agent = "gpu-feature-discovery", ConfigFound = false, Notes = ["gpu-feature-discovery with the NodeFeature API writes NodeFeature objects; not modelled"] };
        }

        var labels = context.HasFlag("--kubernetes-enable-pod-labels")
            || context.EnvValue("DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS")?.Trim().ToUpperInvariant() is "TRUE" or "1";
        return id == "dcgm-exporter" && labels
            ? new AgentAnalysis { Agent = id, ConfigFound = false, Notes = ["dcgm-exporter with pod labels GETs pods from the API server; not modelled"] }
            : new AgentAnalysis { Agent = id };
    }

    private static string? Match(AgentContext context)
    {
        var image = context.Container.ImageRepository;
        return image[(image.LastIndexOf('/') + 1)..] switch
        {
            "k8s-device-plugin" or "nvidia-device-plugin" => "nvidia-device-plugin",
            "dcgm-exporter" => "dcgm-exporter",
            _ => null,
        };
    }
}
