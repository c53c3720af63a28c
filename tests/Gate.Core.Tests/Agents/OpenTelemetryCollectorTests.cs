using Gate.Core.Agents;

namespace Gate.Core.Tests.Agents;

public sealed class OpenTelemetryCollectorTests
{
    private const string Image = "otel/opentelemetry-collector-k8s:0.120.0";

    private static Scenario Collector(string components, string pipeline) =>
        new Scenario(Image).NodeNameEnv("K8S_NODE_NAME").Args("--config=/conf/config.yaml").Config("config.yaml", components + "\nexporters:\n  debug: {}\nservice:\n" + pipeline);

    [Fact]
    public void Analyze_K8sAttributesNodeFromEnvVar_PodInformerIsNodeScoped()
    {
        var keys = Collector(
            "processors:\n  k8sattributes:\n    filter:\n      node_from_env_var: K8S_NODE_NAME\n    extract:\n      metadata: [k8s.pod.name]",
            "  pipelines:\n    logs:\n      receivers: [otlp]\n      processors: [k8sattributes]\n      exporters: [debug]").PatternKeys();

        Assert.Equal(
            ["list pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=0 p=-", "watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=- p=-"],
            keys);
    }

    [Fact]
    public void Analyze_NodeFromEnvVarNotSetInContainer_FallsBackToClusterWide()
    {
        var scenario = new Scenario(Image).Config("config.yaml",
            "processors:\n  k8sattributes:\n    filter:\n      node_from_env_var: MISSING\n    extract:\n      metadata: [k8s.pod.name]\nservice:\n  pipelines:\n    logs:\n      processors: [k8sattributes]");

        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", scenario.PatternKeys());
    }

    [Fact]
    public void Analyze_K8sAttributesPassthrough_NoRequests()
    {
        var result = Collector("processors:\n  k8sattributes:\n    passthrough: true", "  pipelines:\n    traces:\n      processors: [k8sattributes]").Discover();

        var workload = Assert.Single(result.Workloads);
        Assert.Empty(workload.AccessPatterns);
        Assert.Equal(Core.Agents.PatternSource.None, workload.PatternSource);
        Assert.Equal("opentelemetry-collector", workload.Agent);
    }

    [Fact]
    public void Analyze_K8sAttributesDefaults_AddsReplicaSetInformerForDeploymentName()
    {
        var keys = Collector("processors:\n  k8sattributes: {}", "  pipelines:\n    traces:\n      processors: [k8sattributes]").PatternKeys();

        Assert.Contains("list replicasets.apps cluster f=- l=- rv=0 p=-", keys);
        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", keys);
        Assert.DoesNotContain(keys, k => k.Contains("namespaces", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_K8sAttributesNamespaceFilterAndNodeLabels_ScopesAndNodeInformer()
    {
        var keys = Collector(
            "processors:\n  k8sattributes/ns:\n    filter:\n      namespace: shop\n      node: ${env:K8S_NODE_NAME}\n      labels:\n        - key: tier\n          value: web\n    extract:\n      metadata: [k8s.pod.name, k8s.deployment.name]\n      labels:\n        - key: zone\n          from: node",
            "  pipelines:\n    traces:\n      processors: [k8sattributes/ns]").PatternKeys();

        Assert.Contains("watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=tier=web rv=- p=-", keys);
        Assert.Contains("watch replicasets.apps namespace f=- l=- rv=- p=-", keys);
        Assert.Contains("watch nodes node f=metadata.name=$(K8S_NODE_NAME) l=- rv=- p=-", keys);
    }

    [Fact]
    public void Analyze_ComponentNotInAnyPipeline_IsNotCounted()
    {
        var keys = Collector(
            "receivers:\n  k8s_cluster: {}\n  otlp: {}\nprocessors:\n  k8sattributes:\n    passthrough: true",
            "  pipelines:\n    metrics:\n      receivers: [otlp]").PatternKeys();

        Assert.Empty(keys);
    }

    [Fact]
    public void Analyze_K8sClusterReceiver_InformersOnEveryWorkloadResource()
    {
        var keys = Collector("receivers:\n  k8s_cluster:\n    collection_interval: 30s", "  pipelines:\n    metrics:\n      receivers: [k8s_cluster]").PatternKeys();

        Assert.Equal(26, keys.Count);
        Assert.Contains("watch horizontalpodautoscalers.autoscaling cluster f=- l=- rv=- p=-", keys);
        Assert.Contains("list cronjobs.batch cluster f=- l=- rv=0 p=-", keys);
    }

    [Fact]
    public void Analyze_K8sEventsWithNamespaces_OneInformerPerNamespace()
    {
        var keys = Collector("receivers:\n  k8s_events:\n    namespaces: [a, b]", "  pipelines:\n    logs:\n      receivers: [k8s_events]").PatternKeys();

        Assert.Equal(4, keys.Count);
        Assert.All(keys, k => Assert.Contains("events namespace", k, StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_K8sObjectsPullAndWatch_PeriodicListAndWatch()
    {
        var keys = Collector(
            "receivers:\n  k8sobjects:\n    objects:\n      - name: pods\n        mode: pull\n        interval: 15m\n        label_selector: app=web\n      - name: events\n        mode: watch\n        namespaces: [default]",
            "  pipelines:\n    logs:\n      receivers: [k8sobjects]").PatternKeys();

        Assert.Equal(
            [
                "list events namespace f=- l=- rv=- p=-",
                "list pods cluster f=- l=app=web rv=- p=900",
                "watch events namespace f=- l=- rv=- p=-",
            ],
            keys);
    }

    [Fact]
    public void Analyze_PrometheusReceiverWithAndWithoutNodeSelector_ScopeFollowsSelectors()
    {
        var keys = Collector(
            """
            receivers:
              prometheus:
                config:
                  scrape_configs:
                    - job_name: local-pods
                      kubernetes_sd_configs:
                        - role: pod
                          selectors:
                            - role: pod
                              field: spec.nodeName=${env:K8S_NODE_NAME}
                    - job_name: all-services
                      kubernetes_sd_configs:
                        - role: service
            """,
            "  pipelines:\n    metrics:\n      receivers: [prometheus]").PatternKeys();

        Assert.Contains("watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=- p=-", keys);
        Assert.Contains("watch services cluster f=- l=- rv=- p=-", keys);
        Assert.Equal(4, keys.Count);
    }

    [Fact]
    public void Analyze_PrometheusReceiverJobsWithEqualSdConfigs_OneProviderUnlessASettingDiffers()
    {
        // one discovery manager per receiver (contrib receiver/prometheusreceiver/metrics_receiver.go applyCfg); equal
        // configs share a provider (prometheus discovery/manager.go registerProviders); a TLS difference keeps two
        var keys = Collector(
            """
            receivers:
              prometheus:
                config:
                  scrape_configs:
                    - job_name: pods
                      kubernetes_sd_configs:
                        - role: pod
                          selectors:
                            - role: pod
                              field: spec.nodeName=${env:K8S_NODE_NAME}
                    - job_name: pods-slow
                      scrape_interval: 5m
                      kubernetes_sd_configs:
                        - role: pod
                          selectors:
                            - role: pod
                              field: spec.nodeName=${env:K8S_NODE_NAME}
                    - job_name: pods-tls
                      kubernetes_sd_configs:
                        - role: pod
                          tls_config:
                            insecure_skip_verify: true
                          selectors:
                            - role: pod
                              field: spec.nodeName=${env:K8S_NODE_NAME}
            """,
            "  pipelines:\n    metrics:\n      receivers: [prometheus]").PatternKeys();

        Assert.Equal(4, keys.Count);
        Assert.Equal(2, keys.Count(k => k == "watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=- p=-"));
    }

    [Fact]
    public void Analyze_ReceiverCreatorWithK8sObserver_ObserverInformersCounted()
    {
        var keys = Collector(
            """
            extensions:
              k8s_observer:
                auth_type: serviceAccount
                node: ${env:K8S_NODE_NAME}
                observe_pods: true
                observe_nodes: true
            receivers:
              receiver_creator:
                watch_observers: [k8s_observer]
                receivers:
                  prometheus_simple:
                    rule: type == "pod"
            """,
            "  extensions: [k8s_observer]\n  pipelines:\n    metrics:\n      receivers: [receiver_creator]").PatternKeys();

        Assert.Equal(
            [
                "list nodes node f=metadata.name=$(K8S_NODE_NAME) l=- rv=0 p=-",
                "list pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=0 p=-",
                "watch nodes node f=metadata.name=$(K8S_NODE_NAME) l=- rv=- p=-",
                "watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=- p=-",
            ],
            keys);
    }

    [Fact]
    public void Analyze_K8sObserverWithoutNode_ClusterWidePods()
    {
        var keys = Collector("extensions:\n  k8s_observer:\n    auth_type: serviceAccount", "  extensions: [k8s_observer]\n  pipelines: {}").PatternKeys();

        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", keys);
    }

    [Fact]
    public void Analyze_PatternOrigin_PointsAtTheConfigKeyInsideTheConfigMap()
    {
        var scenario = Collector(
            "processors:\n  k8sattributes:\n    filter:\n      node_from_env_var: K8S_NODE_NAME",
            "  pipelines:\n    logs:\n      processors: [k8sattributes]");
        var yaml = scenario.Yaml().Split('\n');
        var workload = Assert.Single(scenario.Discover().Workloads);

        var origin = workload.AccessPatterns[0].Origin!;
        Assert.Equal("agent.yaml", origin.File);
        Assert.StartsWith("node_from_env_var", yaml[origin.Line - 1][(origin.Column - 1)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_UnknownImageWithCollectorConfig_FallsToRbacBound()
    {
        var scenario = new Scenario("registry.example.com/custom/telemetry:1.0").Config("relay.yaml",
            "receivers:\n  k8s_events: {}\nexporters:\n  debug: {}\nservice:\n  pipelines:\n    logs:\n      receivers: [k8s_events]\n      exporters: [debug]")
            .Document(Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [events]\n    verbs: [list, watch]"));

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal("unknown", workload.Agent);
        Assert.Equal(PatternSource.RbacWorstCase, workload.PatternSource);
        Assert.Equal(["list events cluster f=- l=- rv=0 p=-", "watch events cluster f=- l=- rv=- p=-"], Scenario.Keys(workload));
    }

    [Theory]
    [InlineData("otel/opentelemetry-collector-contrib:0.152.0", true)]
    [InlineData("otel/opentelemetry-collector-contrib:0.153.0", false)]
    [InlineData("otel/opentelemetry-collector-contrib:0.160.1", false)]
    [InlineData("otel/opentelemetry-collector-contrib:latest", false)]
    [InlineData("otel/opentelemetry-collector-contrib@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    public void Analyze_K8sAttributesDeploymentName_ReplicaSetInformerOnlyBeforeVersion0153(string image, bool informer)
    {
        var scenario = new Scenario(image).Config("config.yaml", "processors:\n  k8s_attributes: {}\nservice:\n  pipelines:\n    traces:\n      processors: [k8s_attributes]");

        Assert.Equal(informer, scenario.PatternKeys().Contains("list replicasets.apps cluster f=- l=- rv=0 p=-"));
    }

    [Fact]
    public void Analyze_UnversionedImage_NoteSaysTheNewestBehaviourIsAssumed()
    {
        var result = new Scenario("otel/opentelemetry-collector-contrib:latest")
            .Config("config.yaml", "processors:\n  k8sattributes: {}\nservice:\n  pipelines:\n    traces:\n      processors: [k8sattributes]").Discover();

        Assert.Contains(Assert.Single(result.Workloads).Notes, n => n.Contains("names no version", StringComparison.Ordinal) && n.Contains("0.153.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_DeploymentNameFromReplicaSetFalse_KeepsTheInformerInNewVersions()
    {
        var keys = new Scenario("otel/opentelemetry-collector-contrib:0.155.0")
            .Config("config.yaml", "processors:\n  k8s_attributes:\n    extract:\n      deployment_name_from_replicaset: false\nservice:\n  pipelines:\n    traces:\n      processors: [k8s_attributes]").PatternKeys();

        Assert.Contains("watch replicasets.apps cluster f=- l=- rv=- p=-", keys);
    }

    [Fact]
    public void Analyze_K8sClusterWithLeaderElector_InformersOnlyInTheLeaderLeaseOnEveryNode()
    {
        var workload = Assert.Single(Collector(
            "extensions:\n  k8s_leader_elector/kc:\n    lease_name: kc\nreceivers:\n  k8s_cluster:\n    k8s_leader_elector: k8s_leader_elector/kc",
            "  extensions: [k8s_leader_elector/kc]\n  pipelines:\n    metrics:\n      receivers: [k8s_cluster]").Discover().Workloads);

        var informers = workload.AccessPatterns.Where(p => p.Resource != "leases").ToList();
        Assert.Equal(26, informers.Count);
        Assert.All(informers, p => Assert.True(p.LeaderElected && p.Replicas == 1, p.Reason));
        var lease = workload.AccessPatterns.Where(p => p.Resource == "leases").ToList();
        Assert.Equal([(ApiVerb.Get, (int?)null, 2.0), (ApiVerb.Update, 1, 2.0)], lease.Select(p => (p.Verb, p.Replicas, p.PeriodSeconds!.Value)));
    }

    [Fact]
    public void Analyze_LeaderElectorNotEnabled_CountedOnEveryReplicaWithANote()
    {
        var result = Collector(
            "extensions:\n  k8s_leader_elector:\n    lease_name: kc\nreceivers:\n  k8s_events:\n    k8s_leader_elector: k8s_leader_elector",
            "  pipelines:\n    logs:\n      receivers: [k8s_events]").Discover();

        var workload = Assert.Single(result.Workloads);
        Assert.All(workload.AccessPatterns, p => Assert.False(p.LeaderElected));
        Assert.Contains(workload.Notes, n => n.Contains("not an enabled extension", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("k8sattributes")]
    [InlineData("k8s_attributes")]
    [InlineData("k8s_attributes/traces")]
    public void Analyze_ComponentSpellings_BothRecognised(string id)
    {
        var keys = Collector($"processors:\n  {id}:\n    extract:\n      metadata: [k8s.pod.name]", $"  pipelines:\n    traces:\n      processors: [{id}]").PatternKeys();

        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", keys);
    }

    [Fact]
    public void Analyze_K8sApiDetector_GetsTheNodeAndTheKubeSystemNamespace()
    {
        var keys = Collector("processors:\n  resource_detection:\n    detectors: [env, k8s_api]", "  pipelines:\n    traces:\n      processors: [resource_detection]").PatternKeys();

        Assert.Equal(["get namespaces object f=- l=- rv=- p=-", "get nodes object f=- l=- rv=- p=-"], keys);
    }
}
