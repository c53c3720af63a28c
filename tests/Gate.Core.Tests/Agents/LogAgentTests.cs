using Gate.Core.Agents;

namespace Gate.Core.Tests.Agents;

/// <summary>Fluent Bit, Fluentd and Vector options.</summary>
public sealed class LogAgentTests
{
    private const string FluentBitClassic = """
        [SERVICE]
            Flush 1
        [INPUT]
            Name tail
        [FILTER]
            Name              kubernetes
            Match             kube.*
        {0}
        """;

    [Fact]
    public void FluentBit_UseKubeletOn_NoApiServerRequests()
    {
        var scenario = new Scenario("cr.fluentbit.io/fluent/fluent-bit:3.1").Config("fluent-bit.conf", string.Format(System.Globalization.CultureInfo.InvariantCulture, FluentBitClassic, "    Use_Kubelet       On"));

        Assert.Empty(scenario.PatternKeys());
    }

    [Fact]
    public void FluentBit_CacheTtlShorterThanChurn_GetPeriodIsTheTtl()
    {
        var scenario = new Scenario("fluent/fluent-bit:3.2.2").Config("fluent-bit.conf", string.Format(System.Globalization.CultureInfo.InvariantCulture, FluentBitClassic, "    Kube_Meta_Cache_TTL 120s\n    Namespace_Labels On"));

        Assert.Equal(["get namespaces namespace f=- l=- rv=- p=900", "get pods namespace f=- l=- rv=- p=120"], scenario.PatternKeys());
    }

    [Fact]
    public void FluentBit_YamlConfig_KubernetesFilterRead()
    {
        var scenario = new Scenario("fluent/fluent-bit:3.2.2").Config("fluent-bit.yaml",
            "pipeline:\n  inputs:\n    - name: tail\n  filters:\n    - name: kubernetes\n      match: 'kube.*'\n      kube_meta_cache_ttl: 300");

        Assert.Equal(["get pods namespace f=- l=- rv=- p=300"], scenario.PatternKeys());
    }

    [Fact]
    public void FluentBit_NoKubernetesFilter_NoRequests()
    {
        var scenario = new Scenario("fluent/fluent-bit:3.2.2").Config("fluent-bit.conf", "[INPUT]\n    Name tail\n[OUTPUT]\n    Name stdout");

        var workload = Assert.Single(scenario.Discover().Workloads);
        Assert.Equal(Core.Agents.PatternSource.None, workload.PatternSource);
    }

    [Fact]
    public void Fluentd_WatchFalse_OnlyCachedGets()
    {
        var scenario = new Scenario("fluent/fluentd-kubernetes-daemonset:v1.18").Config("fluent.conf",
            "<filter kubernetes.**>\n  @type kubernetes_metadata\n  watch false\n  cache_ttl 300\n  skip_namespace_metadata true\n</filter>\n<match **>\n  @type stdout\n</match>");

        Assert.Equal(["get pods namespace f=- l=- rv=- p=300"], scenario.PatternKeys());
    }

    [Fact]
    public void Fluentd_WatchWithoutNodeName_ClusterWidePodWatch()
    {
        var scenario = new Scenario("fluent/fluentd-kubernetes-daemonset:v1.18").Config("fluent.conf",
            "<filter kubernetes.**>\n  @type kubernetes_metadata\n  watch \"#{ENV['FLUENT_WATCH'] || 'true'}\"\n</filter>");

        var workload = Assert.Single(scenario.Discover().Workloads);
        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", Scenario.Keys(workload));
        Assert.Contains(workload.Notes, n => n.Contains("K8S_NODE_NAME", StringComparison.Ordinal));
    }

    [Fact]
    public void Fluentd_EmbeddedRubyWatchDisabledByEnv_NoWatch()
    {
        var scenario = new Scenario("fluent/fluentd:v1.18").Env("FLUENT_WATCH", "false").Config("fluent.conf",
            "<filter kubernetes.**>\n  @type kubernetes_metadata\n  watch \"#{ENV['FLUENT_WATCH'] || 'true'}\"\n</filter>");

        Assert.DoesNotContain(scenario.PatternKeys(), k => k.StartsWith("watch", StringComparison.Ordinal));
    }

    [Fact]
    public void Vector_TomlConfigWithApiserverCacheAndExtraSelectors_SelectorsJoined()
    {
        var scenario = new Scenario("timberio/vector:0.43.0-debian").NodeNameEnv("VECTOR_SELF_NODE_NAME").Config("vector.toml",
            "[sources.k8s]\ntype = \"kubernetes_logs\"\nuse_apiserver_cache = true\nextra_label_selector = \"app!=noisy\"\nextra_field_selector = \"metadata.namespace!=kube-system\"\ninsert_namespace_fields = false\n\n[sinks.out]\ntype = \"console\"\ninputs = [\"k8s\"]\n");

        Assert.Equal(
            [
                "list nodes node f=metadata.name=$(VECTOR_SELF_NODE_NAME) l=- rv=0 p=-",
                "list pods node f=spec.nodeName=$(VECTOR_SELF_NODE_NAME),metadata.namespace!=kube-system l=vector.dev/exclude!=true,app!=noisy rv=0 p=-",
                "watch nodes node f=metadata.name=$(VECTOR_SELF_NODE_NAME) l=- rv=- p=-",
                "watch pods node f=spec.nodeName=$(VECTOR_SELF_NODE_NAME),metadata.namespace!=kube-system l=vector.dev/exclude!=true,app!=noisy rv=- p=-",
            ],
            scenario.PatternKeys());
    }

    [Theory]
    [InlineData("0.43.0", "false", null, null)]
    [InlineData("0.43.0", "true", "0", null)]
    [InlineData("0.44.0", "false", null, 500)]
    [InlineData("0.46.0", "true", null, 500)]
    [InlineData("0.47.0", "true", "0", null)]
    [InlineData("0.57.0-distroless-libc", "false", null, 500)]
    public void Vector_ListParameters_FollowTheReleasesKubeRuntime(string tag, string apiserverCache, string? resourceVersion, int? limit)
    {
        var scenario = new Scenario("timberio/vector:" + tag).NodeNameEnv("VECTOR_SELF_NODE_NAME").Config("vector.yaml",
            $"sources:\n  k8s:\n    type: kubernetes_logs\n    use_apiserver_cache: {apiserverCache}\n");

        var lists = Assert.Single(scenario.Discover().Workloads).AccessPatterns.Where(p => p.Verb == ApiVerb.List).ToList();

        Assert.Equal(3, lists.Count);
        Assert.All(lists, p => Assert.Equal((resourceVersion, limit), (p.ResourceVersion, p.Limit)));
    }

    [Fact]
    public void Vector_TomlOrigin_PointsAtTheSourceTable()
    {
        var scenario = new Scenario("timberio/vector:0.43.0").Config("vector.toml", "[api]\nenabled = true\n\n[sources.k8s]\ntype = \"kubernetes_logs\"\n");
        var lines = scenario.Yaml().Split('\n');

        var origin = Assert.Single(scenario.Discover().Workloads).AccessPatterns[0].Origin!;
        Assert.Equal("[sources.k8s]", lines[origin.Line - 1].Trim());
    }

    [Fact]
    public void Fluentd_ImageCarryingItsConfig_ImageDefaultsNotTheRbacBound()
    {
        var scenario = new Scenario("fluent/fluentd-kubernetes-daemonset:v1-debian-forward").NodeNameEnv("K8S_NODE_NAME")
            .Document(Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [pods, namespaces]\n    verbs: [get, list, watch]"));

        var workload = Assert.Single(scenario.Discover().Workloads);
        Assert.Equal(Core.Agents.PatternSource.Catalogue, workload.PatternSource);
        Assert.Contains("watch pods node f=spec.nodeName=$(K8S_NODE_NAME) l=- rv=- p=-", Scenario.Keys(workload));
        Assert.Contains(workload.Notes, n => n.Contains("carries its configuration", StringComparison.Ordinal));
    }

    [Fact]
    public void Fluentd_ImageConfigWithWatchDisabledByEnv_OnlyCachedGets()
    {
        var scenario = new Scenario("fluent/fluentd-kubernetes-daemonset:v1-debian-forward").Env("FLUENT_KUBERNETES_WATCH", "false")
            .Env("FLUENT_KUBERNETES_METADATA_SKIP_NAMESPACE_METADATA", "true");

        Assert.Equal(["get pods namespace f=- l=- rv=- p=600"], scenario.PatternKeys());
    }
}
