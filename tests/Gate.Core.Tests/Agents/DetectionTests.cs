using Gate.Core.Agents;

namespace Gate.Core.Tests.Agents;

/// <summary>Detection is by image first: config keys alone never make a container an agent of the catalogue.</summary>
public sealed class DetectionTests
{
    private const string NodeWatchRbac = "  - apiGroups: [\"\"]\n    resources: [nodes, pods]\n    verbs: [list, watch]";

    public static TheoryData<string, string> AgentConfigs() => new()
    {
        { "config.yaml", "receivers:\n  k8s_cluster: {}\nprocessors:\n  k8sattributes: {}\nexporters:\n  debug: {}\nservice:\n  pipelines:\n    metrics:\n      receivers: [k8s_cluster]\n      processors: [k8sattributes]\n      exporters: [debug]" },
        { "fluent-bit.conf", "[FILTER]\n    Name kubernetes\n    Match kube.*" },
        { "fluent.conf", "<filter kubernetes.**>\n  @type kubernetes_metadata\n</filter>" },
        { "vector.toml", "[sources.k8s]\ntype = \"kubernetes_logs\"" },
        { "promtail.yaml", "scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod" },
        { "config.alloy", "discovery.kubernetes \"pods\" {\n  role = \"pod\"\n}" },
        { "prometheus.yml", "global: {}\nscrape_configs:\n  - job_name: nodes\n    kubernetes_sd_configs:\n      - role: node" },
        { "filebeat.yml", "filebeat.autodiscover:\n  providers:\n    - type: kubernetes" },
    };

    [Theory]
    [MemberData(nameof(AgentConfigs))]
    public void Discover_UnknownImageWithAnotherAgentsConfig_FallsToRbacBound(string file, string text)
    {
        var scenario = new Scenario("registry.example.com/net/cni-agent:1.4.2").Config(file, text).Document(Scenario.Rbac(NodeWatchRbac));

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal("unknown", workload.Agent);
        Assert.Equal(PatternSource.RbacWorstCase, workload.PatternSource);
        Assert.Equal(
            ["list nodes cluster f=- l=- rv=0 p=-", "list pods cluster f=- l=- rv=0 p=-", "watch nodes cluster f=- l=- rv=- p=-", "watch pods cluster f=- l=- rv=- p=-"],
            Scenario.Keys(workload));
    }

    [Fact]
    public void Discover_CniAgentWithProcessorsAndServiceFile_NotTakenForCollector()
    {
        // The case of issue 26: a CNI agent whose own YAML has `processors:` and `service:` keys was read as an
        // OpenTelemetry Collector config, found "no API requests" and hid its cluster-wide node and pod watches.
        var scenario = new Scenario("registry.example.com/net/cni-agent:1.4.2").NodeNameEnv("NODE_NAME")
            .Config("agent.yaml", "processors:\n  workers: 4\nservice:\n  port: 9099\n  pipelines: {}\nexporters: {}")
            .Document(Scenario.Rbac(NodeWatchRbac));

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal(PatternSource.RbacWorstCase, workload.PatternSource);
        Assert.Contains(workload.AccessPatterns, p => p is { Verb: ApiVerb.Watch, Resource: "pods", Scope: PatternScope.Cluster, UpperBound: true });
        Assert.DoesNotContain(workload.Notes, n => n.Contains("makes no Kubernetes API requests", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("otel/opentelemetry-collector-contrib:0.115.0")]
    [InlineData("ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s:0.120.0")]
    [InlineData("mirror.example.com/dockerhub/otel/opentelemetry-collector-contrib:0.115.0")]
    [InlineData("quay.io/signalfx/splunk-otel-collector:0.113.0")]
    [InlineData("public.ecr.aws/aws-observability/aws-otel-collector:v0.41.1")]
    public void Discover_CollectorImageOfAnyDistributionOrMirror_ReadsItsConfig(string image)
    {
        var scenario = new Scenario(image).Config("config.yaml",
            "receivers:\n  k8s_events: {}\nexporters:\n  debug: {}\nservice:\n  pipelines:\n    logs:\n      receivers: [k8s_events]\n      exporters: [debug]");

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal("opentelemetry-collector", workload.Agent);
        Assert.Equal(["list events cluster f=- l=- rv=0 p=-", "watch events cluster f=- l=- rv=- p=-"], Scenario.Keys(workload));
    }
}
