using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Operators;

public sealed class AlloyOperatorTests
{
    private static DiscoveryResult Discover(string yaml, params (string File, string Text)[] more) =>
        WorkloadDiscovery.Discover([ManifestSource.FromText("alloy.yaml", yaml), .. more.Select(m => ManifestSource.FromText(m.File, m.Text))]);

    private static string Resource(string name, string spec) =>
        $"apiVersion: collectors.grafana.com/v1alpha1\nkind: Alloy\nmetadata:\n  name: {name}\n  namespace: obs\nspec:\n{spec}";

    private const string PodDiscovery =
        "  alloy:\n    configMap:\n      content: |-\n        discovery.kubernetes \"pods\" {\n          role = \"pod\"\n        }\n";

    [Fact]
    public void Discover_DefaultControllerType_DaemonSetNamedAfterTheRelease()
    {
        var workload = Assert.Single(Discover(Resource("alloy-logs", PodDiscovery)).Workloads);

        Assert.Equal(("DaemonSet", "obs", "alloy-logs", "alloy-logs"), (workload.Kind, workload.Namespace, workload.Name, workload.ServiceAccount));
        Assert.Equal("Alloy obs/alloy-logs (Alloy Operator, controller.type daemonset)", workload.CreatedBy);
        Assert.StartsWith("grafana-alloy", workload.Agent, StringComparison.Ordinal);
        Assert.Equal(PatternSource.Catalogue, workload.PatternSource);
    }

    [Fact]
    public void Discover_ConfigContent_PatternFromItAtTheResourcesLine()
    {
        var workload = Assert.Single(Discover(Resource("logs", PodDiscovery)).Workloads);

        Assert.Equal("logs-alloy", workload.Name);
        var watch = Assert.Single(workload.AccessPatterns, p => p.Verb == ApiVerb.Watch && p.Resource == "pods");
        Assert.Equal(PatternScope.Cluster, watch.Scope);
        Assert.Equal(("alloy.yaml", 11), (watch.Origin?.File, watch.Origin?.Line));
    }

    [Fact]
    public void Discover_NoContent_ChartExampleConfigEveryRole()
    {
        var workload = Assert.Single(Discover(Resource("alloy", "  controller: {type: deployment, replicas: 2}\n")).Workloads);

        Assert.Equal(("Deployment", Multiplicity.PerCluster, 2), (workload.Kind, workload.Multiplicity, workload.Replicas));
        Assert.Contains(workload.AccessPatterns, p => p.Verb == ApiVerb.Watch && p.Resource == "nodes");
        Assert.Contains(workload.AccessPatterns, p => p.Verb == ApiVerb.Watch && p.Resource == "ingresses");
        Assert.Contains(workload.Notes, n => n.Contains("example config", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_ExistingConfigMap_MountsTheNamedOne()
    {
        var configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: my-config, namespace: obs}\ndata:\n  main.alloy: |\n    discovery.kubernetes \"nodes\" {\n      role = \"node\"\n    }\n";

        var workload = Assert.Single(Discover(Resource("alloy", "  alloy:\n    configMap: {create: false, name: my-config, key: main.alloy}\n"), ("cm.yaml", configMap)).Workloads);

        var watch = Assert.Single(workload.AccessPatterns, p => p.Verb == ApiVerb.Watch);
        Assert.Equal(("nodes", "cm.yaml"), (watch.Resource, watch.Origin?.File));
    }

    [Fact]
    public void Discover_ConfigInSecret_WarningSaysWhy()
    {
        var result = Discover(Resource("alloy", "  alloy:\n    secret: {create: true, content: x}\n"));

        Assert.Empty(result.Workloads);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_OtherGroupSameKind_NotRead()
    {
        var result = Discover("apiVersion: collector.grafana.com/v1alpha1\nkind: Alloy\nmetadata: {name: a}\nspec: {}\n");

        Assert.Empty(result.Workloads);
    }
}
