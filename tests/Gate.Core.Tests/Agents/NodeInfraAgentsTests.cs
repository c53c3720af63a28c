using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Agents;

/// <summary>The node-infrastructure agents of the catalogue (CNI, CSI, node maintenance, GPU and power agents).</summary>
public sealed class NodeInfraAgentsTests
{
    /// <summary>A calico-node DaemonSet reading through a three-replica Typha (Kubernetes datastore, VXLAN).</summary>
    internal const string CalicoWithTypha = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: calico-config, namespace: kube-system}
        data: {typha_service_name: calico-typha, calico_backend: vxlan}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: calico-node, namespace: kube-system}
        spec:
          selector: {matchLabels: {k8s-app: calico-node}}
          template:
            metadata: {labels: {k8s-app: calico-node}}
            spec:
              serviceAccountName: calico-node
              containers:
                - name: calico-node
                  image: quay.io/calico/node:v3.32.1
                  env:
                    - {name: DATASTORE_TYPE, value: kubernetes}
                    - name: FELIX_TYPHAK8SSERVICENAME
                      valueFrom: {configMapKeyRef: {name: calico-config, key: typha_service_name}}
                    - name: CALICO_NETWORKING_BACKEND
                      valueFrom: {configMapKeyRef: {name: calico-config, key: calico_backend}}
                    - name: NODENAME
                      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: calico-typha, namespace: kube-system}
        spec:
          replicas: 3
          selector: {matchLabels: {k8s-app: calico-typha}}
          template:
            metadata: {labels: {k8s-app: calico-typha}}
            spec:
              serviceAccountName: calico-node
              containers:
                - name: calico-typha
                  image: quay.io/calico/typha:v3.32.1
                  env:
                    - {name: TYPHA_DATASTORETYPE, value: kubernetes}
                    - {name: USE_POD_CIDR, value: "true"}
        """;

    [Fact]
    public void Calico_NodeWithoutTypha_WatchesEveryPodAndNode()
    {
        var keys = new Scenario("quay.io/calico/node:v3.32.1").Env("DATASTORE_TYPE", "kubernetes").NodeNameEnv("NODENAME").PatternKeys();

        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", keys);
        Assert.Equal(2, keys.Count(k => k == "watch nodes cluster f=- l=- rv=- p=-"));
        Assert.Contains("watch nodes node f=metadata.name=$(NODENAME) l=- rv=- p=-", keys);
        Assert.Contains("get nodes object f=- l=- rv=- p=60", keys);
    }

    [Fact]
    public void Calico_NodeThroughTyphaInTheInputs_OnlyDiscoveryAndOwnNodeWithFanIn()
    {
        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("calico.yaml", CalicoWithTypha)]);

        var node = Assert.Single(result.Workloads, w => w.Name == "calico-node");
        Assert.Equal(
            ["get nodes object f=- l=- rv=- p=-", "get nodes object f=- l=- rv=- p=60", "list endpointslices.discovery.k8s.io namespace f=- l=kubernetes.io/service-name=calico-typha rv=- p=-", "update nodes object f=- l=- rv=- p=-"],
            Scenario.Keys(node));
        Assert.Contains("Deployment kube-system/calico-typha, 3 replicas", node.FanIn, StringComparison.Ordinal);
        var typha = Assert.Single(result.Workloads, w => w.Name == "calico-typha");
        Assert.Equal(Multiplicity.PerCluster, typha.Multiplicity);
        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", Scenario.Keys(typha));
        Assert.DoesNotContain(typha.AccessPatterns, p => p.Resource == "ipamblocks");
        Assert.Contains("DaemonSet kube-system/calico-node", typha.FanIn, StringComparison.Ordinal);
    }

    [Fact]
    public void Calico_TyphaConfiguredButNotInTheInputs_NoteSaysItIsNotCounted()
    {
        var workload = Assert.Single(new Scenario("quay.io/calico/node:v3.32.1").Env("DATASTORE_TYPE", "kubernetes").Env("FELIX_TYPHAK8SSERVICENAME", "calico-typha").Discover().Workloads);

        Assert.DoesNotContain(workload.AccessPatterns, p => p.Resource == "pods");
        Assert.Contains(workload.Notes, n => n.Contains("not in the inputs", StringComparison.Ordinal));
    }

    [Fact]
    public void Calico_EtcdDatastore_NoApiServerRequests()
    {
        var workload = Assert.Single(new Scenario("docker.io/calico/node:v3.28.0").Env("DATASTORE_TYPE", "etcdv3").Discover().Workloads);

        Assert.Empty(workload.AccessPatterns);
        Assert.Equal("calico-node", workload.Agent);
    }

    [Fact]
    public void Calico_BpfThroughTypha_KeepsItsOwnServiceInformers()
    {
        var keys = new Scenario("quay.io/calico/node:v3.32.1").Env("DATASTORE_TYPE", "kubernetes").Env("FELIX_TYPHAK8SSERVICENAME", "calico-typha").Env("FELIX_BPFENABLED", "true").PatternKeys();

        Assert.Contains("watch services cluster f=- l=!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name rv=- p=-", keys);
        Assert.DoesNotContain("watch pods cluster f=- l=- rv=- p=-", keys);
    }

    [Theory]
    [InlineData("ghcr.io/flannel-io/flannel:v0.28.9", 2)]
    [InlineData("docker.io/flannel/flannel:v0.24.4", 1)]
    public void Flannel_KubeSubnetManager_EveryNodeAndVersionedStartUpGets(string image, int nodeGets)
    {
        var keys = new Scenario(image).Args("--ip-masq", "--kube-subnet-mgr").PatternKeys();

        Assert.Contains("watch nodes cluster f=- l=- rv=- p=-", keys);
        Assert.Equal(nodeGets, keys.Count(k => k == "get nodes object f=- l=- rv=- p=-"));
    }

    [Fact]
    public void Flannel_AllocBackend_NoNodeInformer()
    {
        var keys = new Scenario("ghcr.io/flannel-io/flannel:v0.28.9").Args("--kube-subnet-mgr").Config("net-conf.json", "{\"Network\": \"10.244.0.0/16\", \"Backend\": {\"Type\": \"alloc\"}}").PatternKeys();

        Assert.DoesNotContain(keys, k => k.StartsWith("watch nodes", StringComparison.Ordinal));
    }

    [Fact]
    public void AwsVpcCni_ClusterWideRbac_CacheFilteredToItsNode()
    {
        var keys = new Scenario("602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.23.1").NodeNameEnv("MY_NODE_NAME")
            .Document(Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [pods, nodes]\n    verbs: [list, watch, get]")).PatternKeys();

        Assert.Equal(
            ["list nodes node f=metadata.name=$(MY_NODE_NAME) l=- rv=0 p=-", "list pods node f=spec.nodeName=$(MY_NODE_NAME) l=- rv=0 p=-",
                "watch nodes node f=metadata.name=$(MY_NODE_NAME) l=- rv=- p=-", "watch pods node f=spec.nodeName=$(MY_NODE_NAME) l=- rv=- p=-"],
            keys);
    }

    [Fact]
    public void KubeProxy_ServicesAndEndpointSlicesClusterWide_OwnNode()
    {
        var keys = new Scenario("registry.k8s.io/kube-proxy:v1.33.1").Args("--hostname-override=$(NODE_NAME)").PatternKeys();

        Assert.Contains("watch endpointslices.discovery.k8s.io cluster f=- l=!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name rv=- p=-", keys);
        Assert.Contains("watch nodes node f=metadata.name=$(NODE_NAME) l=- rv=- p=-", keys);
    }

    [Fact]
    public void Kured_PeriodFlag_NodeGetEveryPeriod()
    {
        var keys = new Scenario("ghcr.io/kubereboot/kured:1.23.0").Args("--period=10m").PatternKeys();

        Assert.Equal(["get daemonsets.apps object f=- l=- rv=- p=-", "get nodes object f=- l=- rv=- p=600"], keys);
    }

    [Fact]
    public void NodeProblemDetector_HeartbeatFlag_PatchPeriod()
    {
        var keys = new Scenario("registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19").Args("--k8s-exporter-heartbeat-period=1m").PatternKeys();

        Assert.Contains("patch nodes object f=- l=- rv=- p=60", keys);
    }

    [Fact]
    public void NodeProblemDetector_ExporterDisabled_NoRequests()
    {
        Assert.Empty(new Scenario("registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19").Args("--enable-k8s-exporter=false").PatternKeys());
    }

    [Theory]
    [InlineData("kubelet", false)]
    [InlineData("apiserver", true)]
    public void Kepler_PodInformerMode_ApiServerOnlyWhenAsked(string mode, bool informer)
    {
        var keys = new Scenario("quay.io/sustainable-computing-io/kepler:v0.11.4").Args("--config.file=/conf/config.yaml", "--kube.enable", "--kube.node-name=$(NODE_NAME)")
            .Config("config.yaml", $"kube:\n  enabled: true\n  podInformer:\n    mode: {mode}\n").PatternKeys();

        Assert.Equal(informer, keys.Contains("watch pods node f=spec.nodeName=$(NODE_NAME) l=- rv=- p=-"));
    }

    [Theory]
    [InlineData("registry.k8s.io/kube-proxy:v1.31.4", "watch services cluster f=- l=!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name rv=- p=-", false)]
    [InlineData("registry.k8s.io/kube-proxy:v1.33.1", "watch services cluster f=spec.clusterIP!=None l=!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name rv=- p=-", true)]
    [InlineData("registry.k8s.io/kube-proxy:v1.35.0", "watch services cluster f=spec.clusterIP!=None l=!service.kubernetes.io/service-proxy-name rv=- p=-", true)]
    public void KubeProxy_Release_ServiceFiltersAndServiceCidrs(string image, string services, bool serviceCidrs)
    {
        var keys = new Scenario(image).Args("--hostname-override=$(NODE_NAME)").PatternKeys();

        Assert.Contains(services, keys);
        Assert.Equal(serviceCidrs, keys.Any(k => k.StartsWith("watch servicecidrs.networking.k8s.io", StringComparison.Ordinal)));
    }

    [Fact]
    public void KubeProxy_NoHostnameOverride_NodeFromTheSpecNodeNameVariable()
    {
        var keys = new Scenario("sigwindowstools/kube-proxy:KUBE_PROXY_VERSION-calico-hostprocess").NodeNameEnv("NODENAME").PatternKeys();

        Assert.Contains("watch nodes node f=metadata.name=$(NODENAME) l=- rv=- p=-", keys);
        Assert.Contains("watch endpointslices.discovery.k8s.io cluster f=- l=!service.kubernetes.io/headless rv=- p=-", keys);
    }

    [Fact]
    public void Kepler_KubeletMode_GetsItsNodeOnceAndNoInformer()
    {
        var keys = new Scenario("quay.io/sustainable-computing-io/kepler:v0.11.4").Args("--kube.enable", "--kube.node-name=$(NODE_NAME)").PatternKeys();

        Assert.Equal(["get nodes object f=- l=- rv=- p=-"], keys);
    }

    [Fact]
    public void Kepler_ImagePlaceholder_RecognisedByItsBinary()
    {
        var workload = Assert.Single(new Scenario("<KEPLER_IMAGE>").Args("/usr/bin/kepler", "--kube.enable").Discover().Workloads);

        Assert.Equal("kepler", workload.Agent);
    }

    [Fact]
    public void Kepler_NamespaceArgumentOfAnotherImage_NotKepler()
    {
        var workload = Assert.Single(new Scenario("quay.io/prometheus/node-exporter:v1.8.2").Args("--namespace", "kepler").Discover().Workloads);

        Assert.NotEqual("kepler", workload.Agent);
    }

    [Theory]
    [InlineData("/usr/bin/kepler -v=1", true)]
    [InlineData("/usr/bin/kepler -apiserver=false", false)]
    public void Kepler_ExporterBeforeTheRewrite_OwnNodePodInformerUnlessApiserverOff(string commandLine, bool informer)
    {
        var keys = new Scenario("quay.io/sustainable_computing_io/kepler:release-0.7.12").Args(commandLine).PatternKeys();

        Assert.Equal(informer, keys.Contains("watch pods node f=spec.nodeName=$(NODE_NAME) l=- rv=- p=-"));
    }

    [Fact]
    public void MetalLbSpeaker_NodesAndServicesClusterWide_SecretsInItsNamespace()
    {
        var keys = new Scenario("quay.io/metallb/speaker:v0.16.1").PatternKeys();

        Assert.Contains("watch nodes cluster f=- l=- rv=- p=-", keys);
        Assert.Contains("watch endpointslices.discovery.k8s.io cluster f=- l=- rv=- p=-", keys);
        Assert.Contains("watch secrets namespace f=- l=- rv=- p=-", keys);
        Assert.Contains("watch configurationstates.metallb.io cluster f=- l=- rv=- p=-", keys);
        Assert.Contains("get pods object f=- l=- rv=- p=-", keys);
    }

    [Theory]
    [InlineData("quay.io/metallb/speaker:v0.16.1")]
    [InlineData("quay.io/metallb/speaker:v0.12.1")]
    public void MetalLbSpeaker_Memberlist_ListsTheSpeakerPodsEveryFiveMinutes(string image)
    {
        var keys = new Scenario(image).Env("METALLB_ML_LABELS", "app=metallb,component=speaker").Env("METALLB_ML_BIND_ADDR", fieldPath: "status.podIP").PatternKeys();

        Assert.Contains("list pods namespace f=- l=app=metallb,component=speaker rv=- p=300", keys);
    }

    [Theory]
    [InlineData("quay.io/metallb/speaker:v0.13.10", false, false)]
    [InlineData("quay.io/metallb/speaker:v0.14.8", true, false)]
    [InlineData("quay.io/metallb/speaker:v0.15.3", true, true)]
    public void MetalLbSpeaker_ControllerRuntimeRelease_StatusResourcesWhenTheyExist(string image, bool ownPod, bool configurationStates)
    {
        var keys = new Scenario(image).PatternKeys();

        Assert.Equal(ownPod, keys.Contains("get pods object f=- l=- rv=- p=-"));
        Assert.Equal(configurationStates, keys.Contains("watch configurationstates.metallb.io cluster f=- l=- rv=- p=-"));
        Assert.Contains("watch nodes cluster f=- l=- rv=- p=-", keys);
    }

    [Fact]
    public void MetalLbSpeaker_MemberlistOff_NoPodList()
    {
        var keys = new Scenario("quay.io/metallb/speaker:v0.16.1").Env("METALLB_ML_LABELS", "app=metallb,component=speaker").PatternKeys();

        Assert.DoesNotContain(keys, k => k.StartsWith("list pods", StringComparison.Ordinal));
    }

    [Fact]
    public void MetalLbSpeaker_BeforeControllerRuntime_OwnNodeAndConfigMapByName()
    {
        var keys = new Scenario("quay.io/metallb/speaker:v0.12.1").NodeNameEnv("METALLB_NODE_NAME").Args("--config=config").PatternKeys();

        Assert.Contains("watch nodes node f=metadata.name=$(METALLB_NODE_NAME) l=- rv=- p=-", keys);
        Assert.Contains("watch endpoints cluster f=- l=- rv=- p=-", keys);
        Assert.Contains("watch configmaps namespace f=metadata.name=config l=- rv=- p=-", keys);
        Assert.DoesNotContain("watch nodes cluster f=- l=- rv=- p=-", keys);
    }

    [Theory]
    [InlineData("nvcr.io/nvidia/k8s-device-plugin:v0.20.0", "nvidia-device-plugin")]
    [InlineData("nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless", "dcgm-exporter")]
    public void NvidiaGpu_KubeletSocketsOnly_NoRequestsDespiteRbac(string image, string agent)
    {
        var workload = Assert.Single(new Scenario(image).Document(Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [nodes]\n    verbs: [get, list, watch]")).Discover().Workloads);

        Assert.Equal(agent, workload.Agent);
        Assert.Equal(PatternSource.None, workload.PatternSource);
    }

    [Fact]
    public void NfdWorker_OwnPodAndNodeFeaturePoll()
    {
        var keys = new Scenario("registry.k8s.io/nfd/node-feature-discovery:v0.18.3").Args("nfd-worker").PatternKeys();

        Assert.Equal(["get nodefeatures.nfd.k8s-sigs.io object f=- l=- rv=- p=60", "get pods object f=- l=- rv=- p=-"], keys);
    }

    [Theory]
    [InlineData("false", true)]
    [InlineData("true", false)]
    public void Cilium_EndpointSlicesSetting_CiliumEndpointsClusterWideOnlyWithout(string slices, bool watchesEndpoints)
    {
        var keys = new Scenario("quay.io/cilium/cilium:v1.17.4").NodeNameEnv("K8S_NODE_NAME").Config("enable-cilium-endpoint-slice", slices).PatternKeys();

        Assert.Equal(watchesEndpoints, keys.Contains("watch ciliumendpoints.cilium.io cluster f=- l=- rv=- p=-"));
        Assert.Contains("watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=- p=-", keys);
        Assert.Contains("watch endpointslices.discovery.k8s.io cluster f=- l=- rv=- p=-", keys);
    }

    [Fact]
    public void Cilium_DistrolessAgentImage_RecognisedAsTheAgent()
    {
        var workload = Assert.Single(new Scenario("$CILIUM_IMAGE_REGISTRY/cilium/cilium-distroless:$CILIUM_VERSION_TAG").Args("--config-dir=/tmp/cilium/config-map")
            .NodeNameEnv("K8S_NODE_NAME").Document(Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [get, list, watch]")).Discover().Workloads);

        Assert.Equal("cilium-agent", workload.Agent);
        Assert.Contains("watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=- p=-", Scenario.Keys(workload));
    }
}
