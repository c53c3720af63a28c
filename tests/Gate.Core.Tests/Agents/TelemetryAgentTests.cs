using Gate.Core.Agents;
using Gate.Testing.Corpus;

namespace Gate.Core.Tests.Agents;

/// <summary>The Datadog Cluster Agent, kube-rbac-proxy, the Splunk OTel collector, the CloudWatch agent and OBI.</summary>
public sealed class TelemetryAgentTests
{
    private const string ClusterAgentImage = "registry.datadoghq.com/cluster-agent:7.81.1";

    [Fact]
    public void DatadogClusterAgent_Defaults_EndpointAndNodeInformersPerReplica()
    {
        var workload = Assert.Single(new Scenario(ClusterAgentImage) { Kind = "Deployment", Replicas = 2 }.Discover().Workloads);

        Assert.Equal("datadog-cluster-agent", workload.Agent);
        Assert.Equal(
            ["list endpoints cluster f=- l=- rv=0 p=-", "list nodes cluster f=- l=- rv=0 p=-", "watch endpoints cluster f=- l=- rv=- p=-", "watch nodes cluster f=- l=- rv=- p=-"],
            Scenario.Keys(workload));
        Assert.All(workload.AccessPatterns, p => Assert.Null(p.Replicas));
        Assert.StartsWith("proxy:", workload.FanIn, StringComparison.Ordinal);
    }

    [Fact]
    public void DatadogClusterAgent_EventsAndOrchestratorExplorer_OnlyInTheLeader()
    {
        var scenario = new Scenario(ClusterAgentImage) { Kind = "Deployment", Replicas = 3 }
            .Env("DD_COLLECT_KUBERNETES_EVENTS", "true").Env("DD_ORCHESTRATOR_EXPLORER_ENABLED", "true");

        var workload = Assert.Single(scenario.Discover().Workloads);

        var leader = workload.AccessPatterns.Where(p => p.LeaderElected).ToList();
        Assert.Contains(leader, p => p.Resource == "events" && p.Verb == ApiVerb.Watch);
        Assert.Contains(leader, p => p.Resource == "pods" && p.FieldSelector == "spec.nodeName=");
        Assert.All(leader, p => Assert.Equal(1, p.Replicas));
        Assert.DoesNotContain(workload.AccessPatterns, p => p.Resource == "pods" && !p.LeaderElected);
    }

    [Fact]
    public void DatadogClusterAgent_ConfigMapLeaderElection_GetEveryQuarterLeaseRenewedByLeader()
    {
        var scenario = new Scenario(ClusterAgentImage) { Kind = "Deployment" }
            .Env("DD_LEADER_ELECTION", "true").Env("DD_LEADER_ELECTION_DEFAULT_RESOURCE", "configmap").Env("DD_LEADER_LEASE_DURATION", "40");

        var workload = Assert.Single(scenario.Discover().Workloads);

        var get = Assert.Single(workload.AccessPatterns, p => p.Verb == ApiVerb.Get);
        Assert.Equal(("configmaps", 10.0), (get.Resource, get.PeriodSeconds!.Value));
        Assert.Contains(workload.AccessPatterns, p => p.Verb == ApiVerb.Update && p.Resource == "configmaps" && p.LeaderElected);
    }

    [Fact]
    public void DatadogClusterAgent_KubernetesStateCoreCheck_ReflectorPerCollector()
    {
        var scenario = new Scenario(ClusterAgentImage) { Kind = "Deployment", MountPath = "/conf.d/kubernetes_state_core.d" }
            .Env("DD_KUBERNETES_COLLECT_METADATA_TAGS", "false")
            .Config("kubernetes_state_core.yaml.default", "init_config:\ninstances:\n  - collectors:\n    - pods\n    - deployments");

        Assert.Equal(
            ["list deployments.apps cluster f=- l=- rv=0 p=-", "list pods cluster f=- l=- rv=0 p=-", "watch deployments.apps cluster f=- l=- rv=- p=-", "watch pods cluster f=- l=- rv=- p=-"],
            scenario.PatternKeys());
    }

    [Fact]
    public void DatadogAgent_ClusterAgentEnabledAndInInputs_FanInNamesTheDeployment()
    {
        var dca = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dca\n  namespace: obs\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: dca}\n"
            + "  template:\n    metadata:\n      labels: {app: dca}\n    spec:\n      containers:\n        - name: cluster-agent\n          image: " + ClusterAgentImage + "\n";
        var result = new Scenario("registry.datadoghq.com/agent:7.81.1").Env("DD_CLUSTER_AGENT_ENABLED", "true").Document(dca).Discover();

        var node = Assert.Single(result.Workloads, w => w.Agent == "datadog-agent");
        Assert.Empty(node.AccessPatterns);
        Assert.Contains("Deployment obs/dca, 2 replicas", node.FanIn, StringComparison.Ordinal);
    }

    [Fact]
    public void DatadogAgent_ClusterAgentInInputsButNotEnabled_StillListsPerNodeWithNote()
    {
        var dca = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dca\n  namespace: obs\nspec:\n  selector:\n    matchLabels: {app: dca}\n"
            + "  template:\n    metadata:\n      labels: {app: dca}\n    spec:\n      containers:\n        - name: cluster-agent\n          image: " + ClusterAgentImage + "\n";
        var result = new Scenario("registry.datadoghq.com/agent:7.81.1").Document(dca).Discover();

        var node = Assert.Single(result.Workloads, w => w.Agent == "datadog-agent");
        Assert.Contains(node.AccessPatterns, p => p.Resource == "endpoints" && p.Verb == ApiVerb.List);
        Assert.Contains(node.Notes, n => n.Contains("DD_CLUSTER_AGENT_ENABLED is not true", StringComparison.Ordinal));
    }

    [Fact]
    public void KubeRbacProxy_Defaults_TokenReviewAndSubjectAccessReviewPerCacheTtl()
    {
        var workload = Assert.Single(new Scenario("quay.io/brancz/kube-rbac-proxy:v0.22.1").Args("--upstream=http://127.0.0.1:9101/").Discover().Workloads);

        Assert.Equal(
            ["create subjectaccessreviews.authorization.k8s.io object f=- l=- rv=- p=300", "create tokenreviews.authentication.k8s.io object f=- l=- rv=- p=120"],
            Scenario.Keys(workload));
        Assert.DoesNotContain(workload.AccessPatterns, p => p.Verb is ApiVerb.List or ApiVerb.Watch);
    }

    [Fact]
    public void KubeRbacProxy_SidecarBesideNodeExporter_CatalogueInsteadOfRbacBound()
    {
        var workload = Assert.Single(WorkloadDiscovery.Discover(LabelledCorpus.Sources(
            LabelledCorpus.Upstream().Single(c => c.Name == "kube-prometheus-node-exporter-rbac-proxy"))).Workloads);

        Assert.Equal(PatternSource.Catalogue, workload.PatternSource);
        Assert.Equal(["subjectaccessreviews", "tokenreviews"], workload.AccessPatterns.Select(p => p.Resource).Order(StringComparer.Ordinal));
        Assert.All(workload.AccessPatterns, p => Assert.Equal(ApiVerb.Create, p.Verb));
    }

    [Fact]
    public void KubeRbacProxy_OidcIssuer_NoTokenReview()
    {
        var keys = new Scenario("gcr.io/kubebuilder/kube-rbac-proxy:v0.16.0").Args("--oidc-issuer=https://issuer.example", "--upstream=http://127.0.0.1:8080/").PatternKeys();

        Assert.Equal(["create subjectaccessreviews.authorization.k8s.io object f=- l=- rv=- p=300"], keys);
    }

    [Theory]
    [InlineData("quay.io/signalfx/splunk-otel-collector:0.158.0")]
    [InlineData("quay.io/signalfx/splunk-otel-collector-fips:0.158.0")]
    public void SplunkOtelCollector_ImageFamily_ConfigReadByTheCollectorModel(string image)
    {
        var scenario = new Scenario(image).NodeNameEnv("K8S_NODE_NAME").Args("--config=/conf/relay.yaml").Config("relay.yaml",
            "receivers:\n  otlp: {}\nprocessors:\n  k8s_attributes:\n    filter:\n      node_from_env_var: K8S_NODE_NAME\nexporters:\n  nop: {}\n"
            + "service:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [k8s_attributes]\n      exporters: [nop]");

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal("opentelemetry-collector", workload.Agent);
        Assert.Contains("watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=- p=-", Scenario.Keys(workload));
    }

    [Fact]
    public void CloudWatchAgent_ContainerInsightsDefaults_EndpointsAndReplicaSetsOnEveryNode()
    {
        var workload = Assert.Single(CloudWatch("""{"logs": {"metrics_collected": {"kubernetes": {"cluster_name": "c"}}}}""").Discover().Workloads);

        var perNode = workload.AccessPatterns.Where(p => p.Replicas is null).Select(Scenario.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "get configmaps object f=- l=- rv=- p=5", "list endpoints cluster f=- l=- rv=0 p=-", "list nodes node f=metadata.name=$(HOST_NAME) l=- rv=0 p=-",
                "list replicasets.apps cluster f=- l=- rv=0 p=-", "watch endpoints cluster f=- l=- rv=- p=-", "watch nodes node f=metadata.name=$(HOST_NAME) l=- rv=- p=-",
                "watch replicasets.apps cluster f=- l=- rv=- p=-",
            ],
            perNode);
        Assert.Contains(workload.AccessPatterns, p => p.Resource == "pods" && p.LeaderElected && p.Replicas == 1);
    }

    [Fact]
    public void CloudWatchAgent_TagServiceFalse_NoEndpointsInformer()
    {
        var workload = Assert.Single(CloudWatch("""{"logs": {"metrics_collected": {"kubernetes": {"tag_service": false}}}}""").Discover().Workloads);

        Assert.DoesNotContain(workload.AccessPatterns, p => p.Resource == "endpoints");
        Assert.Contains(workload.AccessPatterns, p => p.Resource == "replicasets" && p.Replicas is null);
    }

    [Fact]
    public void CloudWatchAgent_NoKubernetesSection_NoRequests()
    {
        var workload = Assert.Single(CloudWatch("""{"metrics": {"metrics_collected": {"cpu": {}}}}""").Discover().Workloads);

        Assert.Equal("cloudwatch-agent", workload.Agent);
        Assert.Empty(workload.AccessPatterns);
    }

    private static Scenario CloudWatch(string json) =>
        new Scenario("public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300066.1b1374") { MountPath = "/etc/cwagentconfig" }
            .NodeNameEnv("HOST_NAME").Config("cwagentconfig.json", json);

    [Fact]
    public void Obi_KubernetesEnabled_ClusterWidePodNodeServiceInformersPerNode()
    {
        var keys = Obi("attributes:\n  kubernetes:\n    enable: true").PatternKeys();

        Assert.Equal(
            [
                "list nodes cluster f=- l=- rv=0 p=-", "list pods cluster f=- l=- rv=0 p=-", "list services cluster f=- l=- rv=0 p=-",
                "watch nodes cluster f=- l=- rv=- p=-", "watch pods cluster f=- l=- rv=- p=-", "watch services cluster f=- l=- rv=- p=-",
            ],
            keys);
    }

    [Fact]
    public void Obi_RestrictLocalNodeAndNoServices_OwnNodeOnly()
    {
        var keys = Obi("attributes:\n  kubernetes:\n    enable: true\n    meta_restrict_local_node: true\n    disable_informers: [service]").PatternKeys();

        Assert.Equal(
            [
                "list nodes node f=metadata.name=$(NODE_NAME) l=- rv=0 p=-", "list pods node f=spec.nodeName=$(NODE_NAME) l=- rv=0 p=-",
                "watch nodes node f=metadata.name=$(NODE_NAME) l=- rv=- p=-", "watch pods node f=spec.nodeName=$(NODE_NAME) l=- rv=- p=-",
            ],
            keys);
    }

    [Theory]
    [InlineData("attributes:\n  kubernetes:\n    enable: false")]
    [InlineData("discovery:\n  instrument:\n    - k8s_namespace: '*'")]
    public void Obi_KubernetesMetadataOff_NoRequests(string config)
    {
        var workload = Assert.Single(Obi(config).Discover().Workloads);

        Assert.Equal("obi", workload.Agent);
        Assert.Empty(workload.AccessPatterns);
    }

    [Fact]
    public void Obi_MetaCacheAddressEnv_NoInformersAndFanInToTheCache()
    {
        var workload = Assert.Single(Obi("attributes:\n  kubernetes:\n    enable: true").Env("OTEL_EBPF_KUBE_META_CACHE_ADDRESS", "obi-k8s-cache:50055").Discover().Workloads);

        Assert.Empty(workload.AccessPatterns);
        Assert.StartsWith("client:", workload.FanIn, StringComparison.Ordinal);
    }

    [Fact]
    public void ObiK8sCache_Deployment_InformersPerReplica()
    {
        var workload = Assert.Single(new Scenario("ghcr.io/open-telemetry/opentelemetry-ebpf-instrumentation/opentelemetry-ebpf-k8s-cache:v0.11.0") { Kind = "Deployment", Replicas = 2 }.Discover().Workloads);

        Assert.Equal("obi-k8s-cache", workload.Agent);
        Assert.Equal(6, workload.AccessPatterns.Count);
        Assert.All(workload.AccessPatterns, p => Assert.Equal(PatternScope.Cluster, p.Scope));
        Assert.StartsWith("proxy:", workload.FanIn, StringComparison.Ordinal);
    }

    private static Scenario Obi(string config) =>
        new Scenario("ghcr.io/open-telemetry/opentelemetry-ebpf-instrumentation/ebpf-instrument:v0.11.0") { MountPath = "/etc/ebpf-instrument/config" }
            .Env("OTEL_EBPF_CONFIG_PATH", "/etc/ebpf-instrument/config/ebpf-instrument-config.yml").Config("ebpf-instrument-config.yml", config);
}
