using Gate.Core.Agents.Catalogue;

namespace Gate.Core.Agents;

/// <summary>The built-in agent models, in detection order (first match wins per container).</summary>
public static class AgentCatalogue
{
    /// <summary>Every built-in model.</summary>
    public static IReadOnlyList<IAgentModel> Default { get; } =
    [
        new OpenTelemetryCollector(),
        new FluentBit(),
        new Fluentd(),
        new Vector(),
        new Promtail(),
        new GrafanaAlloy(),
        new DatadogAgent(),
        new DatadogClusterAgent(),
        new Filebeat(),
        new Falco(),
        new PrometheusServer(),
        new KubeStateMetrics(),
        new KubeRbacProxy(),
        new CloudWatchAgent(),
        new Obi(),
        new Calico(),
        new CalicoKubeControllers(),
        new Cilium(),
        new Flannel(),
        new KubeProxy(),
        new AwsVpcCni(),
        new AwsEbsCsi(),
        new MetalLb(),
        new Kured(),
        new NodeProblemDetector(),
        new NodeFeatureDiscovery(),
        new NvidiaGpu(),
        new Kepler(),
        new NoApiAgents(),
    ];
}
