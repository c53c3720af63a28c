using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Operators;

public sealed class OpenTelemetryOperatorTests
{
    private const string K8sAttributes = "processors: {k8sattributes: {}}\nexporters: {debug: {}}\nservice: {pipelines: {traces: {receivers: [otlp], processors: [k8sattributes], exporters: [debug]}}}";

    private static DiscoveryResult Discover(string yaml) => WorkloadDiscovery.Discover([ManifestSource.FromText("otel.yaml", yaml)]);

    private static string Resource(string apiVersion, string spec) =>
        $"apiVersion: opentelemetry.io/{apiVersion}\nkind: OpenTelemetryCollector\nmetadata:\n  name: agent\n  namespace: obs\nspec:\n{spec}";

    private static string V1Alpha1(string mode, string extra = "") =>
        Resource("v1alpha1", $"  mode: {mode}\n  image: otel/opentelemetry-collector-contrib:0.120.0\n{extra}  config: |\n"
            + string.Join('\n', ("receivers: {otlp: {protocols: {grpc: {}}}}\n" + K8sAttributes).Split('\n').Select(l => "    " + l)) + "\n");

    private static string V1Beta1(string mode, string extra = "") =>
        Resource("v1beta1", $"  mode: {mode}\n  image: otel/opentelemetry-collector-contrib:0.120.0\n{extra}  config:\n"
            + "    receivers:\n      otlp:\n        protocols:\n          grpc: {}\n"
            + "    processors:\n      k8sattributes: {}\n"
            + "    exporters:\n      debug: {}\n"
            + "    service:\n      pipelines:\n        traces:\n          receivers: [otlp]\n          processors: [k8sattributes]\n          exporters: [debug]\n");

    [Fact]
    public void Discover_V1Alpha1ModeDaemonSet_ReadAsTheCollectorDaemonSet()
    {
        var result = Discover(V1Alpha1("daemonset"));

        var workload = Assert.Single(result.Workloads);
        Assert.Equal(("DaemonSet", "obs", "agent-collector"), (workload.Kind, workload.Namespace, workload.Name));
        Assert.Equal("opentelemetry-collector", workload.Agent);
        Assert.Equal(PatternSource.Catalogue, workload.PatternSource);
        Assert.Equal(Multiplicity.PerNode, workload.Multiplicity);
        Assert.Equal("agent-collector", workload.ServiceAccount);
        Assert.Equal("OpenTelemetryCollector obs/agent (OpenTelemetry Operator, mode daemonset)", workload.CreatedBy);
        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", Scenario.Keys(workload));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Discover_V1Alpha1StringConfig_PatternPointsIntoTheResourceBlock()
    {
        var workload = Assert.Single(Discover(V1Alpha1("daemonset")).Workloads);

        var pods = Assert.Single(workload.AccessPatterns, p => p.Resource == "pods" && p.Verb == ApiVerb.Watch);
        // The config block starts on line 10; k8sattributes is on its second line.
        Assert.Equal(("otel.yaml", 11), (pods.Origin?.File, pods.Origin?.Line));
    }

    [Fact]
    public void Discover_V1Beta1ObjectConfig_SamePatternsWithTheKeysLine()
    {
        var workload = Assert.Single(Discover(V1Beta1("daemonset")).Workloads);

        Assert.Contains("watch pods cluster f=- l=- rv=- p=-", Scenario.Keys(workload));
        var pods = Assert.Single(workload.AccessPatterns, p => p.Resource == "pods" && p.Verb == ApiVerb.Watch);
        Assert.Equal(15, pods.Origin?.Line);
    }

    [Fact]
    public void Discover_V1Beta1AndV1Alpha1SameConfig_SamePatterns()
    {
        var alpha = Assert.Single(Discover(V1Alpha1("daemonset")).Workloads);
        var beta = Assert.Single(Discover(V1Beta1("daemonset")).Workloads);

        Assert.Equal(Scenario.Keys(alpha), Scenario.Keys(beta));
    }

    [Fact]
    public void Discover_ModeAbsent_DeploymentOfOneReplica()
    {
        var workload = Assert.Single(Discover(V1Beta1("deployment").Replace("  mode: deployment\n", string.Empty, StringComparison.Ordinal)).Workloads);

        Assert.Equal(("Deployment", Multiplicity.PerCluster, 1), (workload.Kind, workload.Multiplicity, workload.Replicas));
        Assert.EndsWith("mode deployment)", workload.CreatedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_AutoscalerMinAboveReplicas_MinReplicasAndMaxNoted()
    {
        var workload = Assert.Single(Discover(V1Beta1("deployment", "  replicas: 2\n  autoscaler: {minReplicas: 3, maxReplicas: 10}\n")).Workloads);

        Assert.Equal(3, workload.Replicas);
        Assert.Contains(workload.Notes, n => n.Contains("scale to 10 replicas", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_ModeStatefulSet_PerClusterStatefulSet()
    {
        var workload = Assert.Single(Discover(V1Beta1("statefulset", "  replicas: 2\n")).Workloads);

        Assert.Equal(("StatefulSet", Multiplicity.PerCluster, 2), (workload.Kind, workload.Multiplicity, workload.Replicas));
    }

    [Fact]
    public void Discover_ModeSidecar_WarningSaysWhyItIsNotRead()
    {
        var result = Discover(V1Beta1("sidecar"));

        Assert.Empty(result.Workloads);
        var warning = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
        Assert.Contains("OpenTelemetryCollector obs/agent (mode sidecar)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("sidecar.opentelemetry.io/inject", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_NoImage_DefaultImageNoted()
    {
        var workload = Assert.Single(Discover(V1Beta1("daemonset").Replace("  image: otel/opentelemetry-collector-contrib:0.120.0\n", string.Empty, StringComparison.Ordinal)).Workloads);

        Assert.Equal("opentelemetry-collector", workload.Agent);
        Assert.Contains(workload.Notes, n => n.Contains("spec.image is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_ServiceAccountGiven_RbacOfThatAccountBoundsAnUnknownContainer()
    {
        var extra = "  serviceAccount: agent\n  additionalContainers:\n  - name: sidecar\n    image: example.com/in-house:1\n";
        var result = WorkloadDiscovery.Discover([
            ManifestSource.FromText("otel.yaml", V1Beta1("daemonset", extra)),
            ManifestSource.FromText("rbac.yaml", Scenario.Rbac("- apiGroups: ['']\n  resources: [nodes]\n  verbs: [list, watch]")),
        ]);

        var workload = Assert.Single(result.Workloads);
        Assert.Equal("agent", workload.ServiceAccount);
        Assert.Equal(PatternSource.RbacWorstCase, workload.PatternSource);
        Assert.Contains("watch nodes cluster f=- l=- rv=- p=-", Scenario.Keys(workload));
    }

    [Fact]
    public void Discover_TargetAllocatorEnabled_ScrapeConfigsNotCountedOnTheCollector()
    {
        var spec = "  mode: daemonset\n  image: otel/opentelemetry-collector-contrib:0.120.0\n  targetAllocator: {enabled: true}\n  config:\n"
            + "    receivers:\n      prometheus:\n        config:\n          scrape_configs:\n          - job_name: pods\n            kubernetes_sd_configs: [{role: pod}]\n"
            + "    exporters: {debug: {}}\n    service: {pipelines: {metrics: {receivers: [prometheus], exporters: [debug]}}}\n";
        var without = Discover(Resource("v1beta1", spec.Replace("  targetAllocator: {enabled: true}\n", string.Empty, StringComparison.Ordinal)));
        var with = Discover(Resource("v1beta1", spec));

        Assert.Contains(Assert.Single(without.Workloads).AccessPatterns, p => p.Resource == "pods");
        var workload = Assert.Single(with.Workloads);
        Assert.DoesNotContain(workload.AccessPatterns, p => p.Resource == "pods");
        Assert.Contains(workload.Notes, n => n.Contains("target allocator", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_SuppressionOnTheResource_CarriedToTheWorkload()
    {
        var yaml = V1Beta1("daemonset").Replace("  namespace: obs\n", "  namespace: obs\n  annotations:\n    gate.dev/suppress: \"GATE101=fixed upstream\"\n", StringComparison.Ordinal);

        var workload = Assert.Single(Discover(yaml).Workloads);

        Assert.Equal("GATE101=fixed upstream", workload.Annotations["gate.dev/suppress"]);
    }

    [Fact]
    public void Discover_AdditionalContainerWithoutName_UsageErrorAtTheResourceLine()
    {
        var yaml = V1Beta1("daemonset", "  additionalContainers:\n  - image: example.com/side:1\n");

        var error = Assert.Throws<GateUsageException>(() => Discover(yaml));

        Assert.Contains("every container needs a name", error.Message, StringComparison.Ordinal);
        Assert.Equal(("otel.yaml", 10), (error.Position?.File, error.Position?.Line));
    }

    [Fact]
    public void Discover_ConfigNeitherStringNorMapping_WarningSaysWhy()
    {
        var result = Discover(Resource("v1beta1", "  mode: daemonset\n  config: [1, 2]\n"));

        Assert.Empty(result.Workloads);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("neither a string nor a mapping", StringComparison.Ordinal));
    }
}
