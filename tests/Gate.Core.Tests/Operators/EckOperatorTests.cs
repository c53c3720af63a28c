using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Operators;

public sealed class EckOperatorTests
{
    private const string Autodiscover =
        "  config:\n    filebeat.autodiscover:\n      providers:\n      - type: kubernetes\n        node: ${NODE_NAME}\n        hints.enabled: true\n";

    private const string PodTemplate =
        "    podTemplate:\n      spec:\n        serviceAccountName: filebeat\n        containers:\n        - name: filebeat\n          env:\n          - name: NODE_NAME\n            valueFrom: {fieldRef: {fieldPath: spec.nodeName}}\n";

    private static DiscoveryResult Discover(string yaml) => WorkloadDiscovery.Discover([ManifestSource.FromText("eck.yaml", yaml)]);

    private static string Beat(string spec) =>
        $"apiVersion: beat.k8s.elastic.co/v1beta1\nkind: Beat\nmetadata:\n  name: logs\n  namespace: elastic\nspec:\n  type: filebeat\n  version: 9.1.0\n{spec}";

    [Fact]
    public void Discover_BeatDaemonSet_FilebeatReadsItsConfig()
    {
        var workload = Assert.Single(Discover(Beat(Autodiscover + "  daemonSet:\n" + PodTemplate)).Workloads);

        Assert.Equal(("DaemonSet", "logs-beat-filebeat", "filebeat", "filebeat"), (workload.Kind, workload.Name, workload.ServiceAccount, workload.Agent));
        Assert.Equal(PatternSource.Catalogue, workload.PatternSource);
        var pods = Assert.Single(workload.AccessPatterns, p => p.Resource == "pods" && p.Verb == ApiVerb.Watch);
        Assert.Equal("spec.nodeName=$(NODE_NAME)", pods.FieldSelector);
        Assert.Equal("eck.yaml", pods.Origin?.File);
        Assert.Equal("Beat elastic/logs (ECK, filebeat, spec.daemonSet)", workload.CreatedBy);
    }

    [Fact]
    public void Discover_BeatDeployment_PerClusterReplicas()
    {
        var workload = Assert.Single(Discover(Beat(Autodiscover + "  deployment:\n    replicas: 2\n" + PodTemplate)).Workloads);

        Assert.Equal(("Deployment", Multiplicity.PerCluster, 2), (workload.Kind, workload.Multiplicity, workload.Replicas));
    }

    [Fact]
    public void Discover_ConfigRef_WarningSaysWhy()
    {
        var result = Discover(Beat("  configRef: {secretName: beat-config}\n  daemonSet:\n" + PodTemplate));

        Assert.Empty(result.Workloads);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("spec.configRef", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_AgentStandalone_AgentContainerAndRbacBound()
    {
        var yaml = "apiVersion: agent.k8s.elastic.co/v1alpha1\nkind: Agent\nmetadata: {name: fleetless, namespace: elastic}\nspec:\n  version: 9.1.0\n  config: {inputs: []}\n"
            + "  daemonSet:\n    podTemplate:\n      spec:\n        serviceAccountName: agent\n";

        var result = WorkloadDiscovery.Discover([
            ManifestSource.FromText("eck.yaml", yaml),
            ManifestSource.FromText("rbac.yaml", Scenario.Rbac("- apiGroups: ['']\n  resources: [pods]\n  verbs: [list, watch]").Replace("namespace: obs", "namespace: elastic", StringComparison.Ordinal)),
        ]);

        var workload = Assert.Single(result.Workloads);
        Assert.Equal(("DaemonSet", "fleetless-agent"), (workload.Kind, workload.Name));
        Assert.Equal(PatternSource.RbacWorstCase, workload.PatternSource);
    }

    [Fact]
    public void Discover_AgentFleetMode_WarningSaysWhy()
    {
        var result = Discover("apiVersion: agent.k8s.elastic.co/v1alpha1\nkind: Agent\nmetadata: {name: a}\nspec:\n  mode: fleet\n  version: 9.1.0\n  daemonSet: {}\n");

        Assert.Empty(result.Workloads);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("Fleet", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("filebeat", "9.1.0", "docker.elastic.co/beats/filebeat:9.1.0")]
    [InlineData("agent", "8.19.0", "docker.elastic.co/beats/elastic-agent:8.19.0")]
    [InlineData("agent", "9.1.0", "docker.elastic.co/elastic-agent/elastic-agent:9.1.0")]
    public void DefaultImage_TypeAndVersion_EckImage(string type, string version, string expected) =>
        Assert.Equal(expected, Core.Operators.EckOperator.DefaultImage(type, version));
}
