using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Agents;

/// <summary>Promtail, Alloy, Filebeat, Falco, Datadog and agents without API calls.</summary>
public sealed class DiscoveryAgentTests
{
    [Theory]
    [InlineData("", "", 2)]
    [InlineData("\n        namespaces: {names: [a]}", "\n        namespaces: {names: [b]}", 4)]
    [InlineData("", "\n        selectors: [{role: pod, label: app=x}]", 4)]
    public void Promtail_JobsWithEqualSdConfigs_ShareOneProvider(string first, string second, int patterns)
    {
        var scenario = new Scenario("grafana/promtail:3.7.3").NodeNameEnv("HOSTNAME").Config("promtail.yaml",
            "clients:\n  - url: http://loki\nscrape_configs:\n  - job_name: one\n    kubernetes_sd_configs:\n      - role: pod" + first
            + "\n  - job_name: two\n    kubernetes_sd_configs:\n      - role: pod" + second + "\n");

        Assert.Equal(patterns, scenario.PatternKeys().Count);
    }

    [Theory]
    [InlineData("", 6)]
    [InlineData("\n        namespaces: {names: [monitoring]}", 12)]
    [InlineData("\n        bearer_token_file: /other/token", 12)]
    public void PrometheusServer_JobsWithEqualSdConfigs_ShareOneProvider(string second, int patterns)
    {
        // the chart's kubernetes-service-endpoints and kubernetes-service-endpoints-slow jobs: same role, same settings
        var scenario = new Scenario("quay.io/prometheus/prometheus:v3.5.0").Config("prometheus.yml",
            "scrape_configs:\n  - job_name: kubernetes-service-endpoints\n    kubernetes_sd_configs:\n      - role: endpoints"
            + "\n  - job_name: kubernetes-service-endpoints-slow\n    scrape_interval: 5m\n    kubernetes_sd_configs:\n      - role: endpoints" + second + "\n");

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal(patterns, workload.AccessPatterns.Count);
        Assert.Equal(patterns == 6, workload.Notes.Any(n => n.Contains("share one discovery provider", StringComparison.Ordinal)));
    }

    [Fact]
    public void Promtail_RolePodWithoutSelectors_NodeFilterAddedAutomatically()
    {
        var scenario = new Scenario("grafana/promtail:3.3.0").NodeNameEnv("HOSTNAME").Config("promtail.yaml",
            "clients:\n  - url: http://loki\nscrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod");

        Assert.Equal(["list pods node f=spec.nodeName=$(HOSTNAME) l=- rv=0 p=-", "watch pods node f=spec.nodeName=$(HOSTNAME) l=- rv=- p=-"], scenario.PatternKeys());
    }

    [Fact]
    public void Promtail_ExplicitLabelSelectorOnly_StaysClusterWideWithNote()
    {
        var scenario = new Scenario("grafana/promtail:3.3.0").Config("promtail.yaml",
            "scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n        selectors:\n          - role: pod\n            label: app=web");

        var workload = Assert.Single(scenario.Discover().Workloads);
        Assert.Contains("watch pods cluster f=- l=app=web rv=- p=-", Scenario.Keys(workload));
        Assert.Contains(workload.Notes, n => n.Contains("spec.nodeName", StringComparison.Ordinal));
    }

    [Fact]
    public void Promtail_EndpointsRoleInNamespaces_PerNamespaceInformers()
    {
        var scenario = new Scenario("grafana/promtail:3.3.0").Config("promtail.yaml",
            "scrape_configs:\n  - job_name: eps\n    kubernetes_sd_configs:\n      - role: endpoints\n        namespaces:\n          names: [a, b]");

        var keys = scenario.PatternKeys();
        Assert.Equal(12, keys.Count);
        Assert.All(keys, k => Assert.Contains(" namespace ", k, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("pod_logs \"feature\" {}\n", 2)]
    [InlineData("pod_logs \"a\" {}\npod_logs \"b\" {}\n", 4)]
    [InlineData("declare \"outer\" {\n  pod_logs \"inner\" {}\n}\nouter \"x\" {}\n", 2)]
    public void Alloy_DiscoveryInsideDeclare_CountedOncePerInstance(string instances, int patterns)
    {
        var scenario = new Scenario("grafana/alloy:v1.18.1").NodeNameEnv("HOSTNAME").Config("config.alloy",
            "declare \"pod_logs\" {\n  discovery.kubernetes \"pods\" {\n    role = \"pod\"\n    selectors {\n      role = \"pod\"\n      field = \"spec.nodeName=\" + sys.env(\"HOSTNAME\")\n    }\n  }\n}\n" + instances);

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal(patterns, workload.AccessPatterns.Count);
        Assert.All(workload.AccessPatterns, p => Assert.Equal("spec.nodeName=$(HOSTNAME)", p.FieldSelector));
    }

    [Fact]
    public void Alloy_PodLogsAndRemoteSecretWithIndexedReference_ClusterWideInformersAndSecretPolls()
    {
        var scenario = new Scenario("grafana/alloy:v1.18.1").Config("config.alloy",
            """
            remote.kubernetes.secret "creds" {
              name      = "loki"
              namespace = "default"
              poll_frequency = "5m"
            }
            loki.source.podlogs "default" {
              forward_to = [loki.write.out.receiver]
            }
            loki.write "out" {
              endpoint {
                url = "http://loki:3100/loki/api/v1/push"
                basic_auth {
                  password = remote.kubernetes.secret.creds.data["password"]
                }
              }
            }
            """);

        Assert.Equal(
            [
                "get secrets namespace f=- l=- rv=- p=300",
                "list namespaces cluster f=- l=- rv=0 p=-",
                "list podlogs.monitoring.grafana.com cluster f=- l=- rv=0 p=-",
                "list pods cluster f=- l=- rv=0 p=-",
                "watch namespaces cluster f=- l=- rv=- p=-",
                "watch podlogs.monitoring.grafana.com cluster f=- l=- rv=- p=-",
                "watch pods cluster f=- l=- rv=- p=-",
            ],
            scenario.PatternKeys());
    }

    [Fact]
    public void Alloy_DiscoveryKubernetesWithNodeSelector_NodeScopedPods()
    {
        var scenario = new Scenario("grafana/alloy:v1.5.0").NodeNameEnv("HOSTNAME").Config("config.alloy",
            """
            // Pods on this node only.
            discovery.kubernetes "pods" {
              role = "pod"
              selectors {
                role  = "pod"
                field = "spec.nodeName=" + coalesce(sys.env("HOSTNAME"), constants.hostname)
              }
            }

            discovery.kubernetes "nodes" {
              role = "node"
            }

            loki.source.kubernetes_events "events" {
              namespaces = ["default"]
              forward_to = [loki.write.default.receiver]
            }
            """);

        Assert.Equal(
            [
                "list events namespace f=- l=- rv=0 p=-",
                "list nodes cluster f=- l=- rv=0 p=-",
                "list pods node f=spec.nodeName=$(HOSTNAME) l=- rv=0 p=-",
                "watch events namespace f=- l=- rv=- p=-",
                "watch nodes cluster f=- l=- rv=- p=-",
                "watch pods node f=spec.nodeName=$(HOSTNAME) l=- rv=- p=-",
            ],
            scenario.PatternKeys());
    }

    [Fact]
    public void Alloy_AttachNodeMetadataWithoutSelectors_ClusterWidePodsAndNodes()
    {
        var scenario = new Scenario("grafana/alloy:v1.5.0").Config("config.alloy",
            "discovery.kubernetes \"pods\" {\n  role = \"pod\"\n  attach_metadata {\n    node = true\n  }\n}\n");

        Assert.Equal(
            ["list nodes cluster f=- l=- rv=0 p=-", "list pods cluster f=- l=- rv=0 p=-", "watch nodes cluster f=- l=- rv=- p=-", "watch pods cluster f=- l=- rv=- p=-"],
            scenario.PatternKeys());
    }

    [Fact]
    public void Filebeat_AutodiscoverNodeScope_PodsAndOwnNodeScoped()
    {
        var scenario = new Scenario("docker.elastic.co/beats/filebeat:8.16.1").NodeNameEnv("NODE_NAME").Config("filebeat.yml",
            "filebeat.autodiscover:\n  providers:\n    - type: kubernetes\n      node: ${NODE_NAME}\n      hints.enabled: true\n      kubeadm: false\noutput.console: {}");

        Assert.Equal(
            [
                "list namespaces cluster f=- l=- rv=0 p=-",
                "list nodes node f=metadata.name=$(NODE_NAME) l=- rv=0 p=-",
                "list pods node f=spec.nodeName=$(NODE_NAME) l=- rv=0 p=-",
                "watch namespaces cluster f=- l=- rv=- p=-",
                "watch nodes node f=metadata.name=$(NODE_NAME) l=- rv=- p=-",
                "watch pods node f=spec.nodeName=$(NODE_NAME) l=- rv=- p=-",
            ],
            scenario.PatternKeys());
    }

    [Fact]
    public void Filebeat_UniqueProvider_OnlyLeaseTraffic()
    {
        var scenario = new Scenario("docker.elastic.co/beats/filebeat:8.16.1").Config("filebeat.yml",
            "filebeat.autodiscover.providers:\n  - type: kubernetes\n    scope: cluster\n    unique: true\noutput.console: {}");

        Assert.Equal(["get leases.coordination.k8s.io object f=- l=- rv=- p=2"], scenario.PatternKeys());
    }

    [Fact]
    public void Filebeat_AddKubernetesMetadataProcessor_DefaultNodeScope()
    {
        var scenario = new Scenario("docker.elastic.co/beats/filebeat:8.16.1").NodeNameEnv("NODE_NAME").Config("filebeat.yml",
            "processors:\n  - add_kubernetes_metadata:\n      add_resource_metadata:\n        namespace:\n          enabled: false\noutput.console: {}");

        var keys = scenario.PatternKeys();
        Assert.Contains("watch pods node f=spec.nodeName=$(NODE_NAME) l=- rv=- p=-", keys);
        Assert.DoesNotContain(keys, k => k.Contains("namespaces", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Contains("configmaps", StringComparison.Ordinal));
    }

    [Fact]
    public void Filebeat_ProcessorInAnInputWithUseKubeadm_WolfiImage_Counted()
    {
        var scenario = new Scenario("docker.elastic.co/beats/filebeat-wolfi:9.5.2").NodeNameEnv("NODE_NAME").Config("filebeat.yml",
            "filebeat.inputs:\n  - type: filestream\n    processors:\n      - add_kubernetes_metadata:\n          host: ${NODE_NAME}\n          use_kubeadm: true\noutput.console: {}");

        var keys = scenario.PatternKeys();
        Assert.Contains("watch pods node f=spec.nodeName=$(NODE_NAME) l=- rv=- p=-", keys);
        Assert.Contains("watch nodes node f=metadata.name=$(NODE_NAME) l=- rv=- p=-", keys);
        Assert.Contains("get configmaps namespace f=- l=- rv=- p=-", keys);
    }

    [Fact]
    public void Falco_LegacyClientWithK8sNode_PodsNodeScoped()
    {
        var scenario = new Scenario("falcosecurity/falco-no-driver:0.36.2").NodeNameEnv("FALCO_K8S_NODE_NAME")
            .Args("/usr/bin/falco", "-k", "https://$(KUBERNETES_SERVICE_HOST)", "--k8s-node", "$(FALCO_K8S_NODE_NAME)");

        Assert.Contains(
            "watch pods node f=status.phase!=Failed,status.phase!=Unknown,status.phase!=Succeeded,spec.nodeName=$(FALCO_K8S_NODE_NAME) l=- rv=- p=-",
            scenario.PatternKeys());
    }

    [Fact]
    public void Falco_ModernWithoutLegacyClient_NoRequests()
    {
        var scenario = new Scenario("falcosecurity/falco:0.39.0").Args("/usr/bin/falco", "--modern-bpf");

        var workload = Assert.Single(scenario.Discover().Workloads);
        Assert.Equal(Core.Agents.PatternSource.None, workload.PatternSource);
        Assert.Equal("falco", workload.Agent);
    }

    [Theory]
    [InlineData("[auto]", "", true)]
    [InlineData("[--clean]", "", false)]
    [InlineData("[auto]", "            - {name: FALCOCTL_DRIVER_CONFIG_UPDATE_FALCO, value: \"false\"}\n", false)]
    public void Falco_DriverLoaderInitContainerToldItsConfigMap_OneConfigMapGetAtStart(string args, string extraEnv, bool gets)
    {
        var yaml = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: falco, namespace: falco}\nspec:\n  selector:\n    matchLabels: {app: falco}\n"
            + "  template:\n    metadata:\n      labels: {app: falco}\n    spec:\n      containers:\n        - name: falco\n          image: falcosecurity/falco:0.44.1\n"
            + "      initContainers:\n        - name: falco-driver-loader\n          image: falcosecurity/falco-driver-loader:0.44.1\n          args: " + args + "\n"
            + "          env:\n            - {name: FALCOCTL_DRIVER_CONFIG_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}\n"
            + "            - {name: FALCOCTL_DRIVER_CONFIG_CONFIGMAP, value: falco}\n" + extraEnv;

        var workload = Assert.Single(WorkloadDiscovery.Discover([ManifestSource.FromText("falco.yaml", yaml)]).Workloads);

        Assert.Equal(gets ? ["get configmaps namespace f=- l=- rv=- p=-"] : [], Scenario.Keys(workload));
    }

    [Fact]
    public void Datadog_ClusterAgentEnabled_NoRequestsPerNode()
    {
        var scenario = new Scenario("gcr.io/datadoghq/agent:7.60.0").Env("DD_CLUSTER_AGENT_ENABLED", "true");

        Assert.Empty(scenario.PatternKeys());
    }

    [Fact]
    public void Datadog_WithoutClusterAgent_PeriodicEndpointListPerNode()
    {
        var scenario = new Scenario("gcr.io/datadoghq/agent:7.60.0").Env("DD_KUBERNETES_METADATA_TAG_UPDATE_FREQ", "120");

        Assert.Contains("list endpoints cluster f=- l=- rv=0 p=120", scenario.PatternKeys());
    }

    [Fact]
    public void NodeExporter_Known_NoRequestsEvenWithRbac()
    {
        var scenario = new Scenario("quay.io/prometheus/node-exporter:v1.8.2")
            .Document(Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [list, watch]"));

        var workload = Assert.Single(scenario.Discover().Workloads);
        Assert.Equal("node-exporter", workload.Agent);
        Assert.Empty(workload.AccessPatterns);
    }

    [Fact]
    public void Datadog_UseEndpointSlices_ListsEndpointSlicesInstead()
    {
        var scenario = new Scenario("registry.datadoghq.com/agent:7.78.0").Env("DD_KUBERNETES_USE_ENDPOINT_SLICES", "true");

        Assert.Equal(["get nodes object f=- l=- rv=- p=-", "list endpointslices.discovery.k8s.io cluster f=- l=- rv=0 p=60"], scenario.PatternKeys());
    }

    [Theory]
    [InlineData("trace-agent")]
    [InlineData("process-agent")]
    [InlineData("system-probe")]
    [InlineData("/opt/datadog-agent/embedded/bin/security-agent")]
    public void Datadog_OtherProcessesOfTheAgentImage_NoRequests(string process)
    {
        var workload = Assert.Single(new Scenario("registry.datadoghq.com/agent:7.81.1").Args(process, "--config=/etc/datadog-agent/datadog.yaml").Discover().Workloads);

        Assert.Empty(workload.AccessPatterns);
        Assert.Equal("datadog-agent", workload.Agent);
    }

    [Theory]
    [InlineData("--resources=pods", "--node=$(NODE_NAME)")]
    [InlineData("--resources=pods,nodes", "--namespaces=a,b")]
    public void KubeStateMetrics_Flags_ReflectorsPerResourceAndNamespace(string resources, string other)
    {
        var keys = new Scenario("registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0").Args(resources, other).PatternKeys();

        var expected = other.StartsWith("--node", StringComparison.Ordinal)
            ? new[] { "list pods node f=spec.nodeName=$(NODE_NAME) l=- rv=0 p=-", "watch pods node f=spec.nodeName=$(NODE_NAME) l=- rv=- p=-" }
            : ["list nodes cluster f=- l=- rv=0 p=-", "list pods namespace f=- l=- rv=0 p=-", "list pods namespace f=- l=- rv=0 p=-", "watch nodes cluster f=- l=- rv=- p=-", "watch pods namespace f=- l=- rv=- p=-", "watch pods namespace f=- l=- rv=- p=-"];
        Assert.Equal(expected, keys);
    }

    [Theory]
    [InlineData(true, "artifact", "follow", "--allowed-types=rulesfile")]
    [InlineData(true, "artifact", "install")]
    [InlineData(false, "driver", "config", "--kubeconfig=/k")]
    public void Falcoctl_ArtifactCommands_NoApiCalls(bool noApi, params string[] args)
    {
        var workload = Assert.Single(new Scenario("docker.io/falcosecurity/falcoctl:0.11.0").Args(args)
            .Document(Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [list, watch]")).Discover().Workloads);

        Assert.Equal(noApi ? Core.Agents.PatternSource.None : Core.Agents.PatternSource.RbacWorstCase, workload.PatternSource);
    }
}
