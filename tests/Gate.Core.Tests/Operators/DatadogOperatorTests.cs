using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Operators;

public sealed class DatadogOperatorTests
{
    private static DiscoveryResult Discover(string spec) =>
        WorkloadDiscovery.Discover([ManifestSource.FromText("dda.yaml", $"apiVersion: datadoghq.com/v2alpha1\nkind: DatadogAgent\nmetadata:\n  name: datadog\n  namespace: dd\nspec:\n{spec}")]);

    [Fact]
    public void Discover_MinimalResource_NodeAgentDaemonSetAndClusterAgentDeployment()
    {
        var result = Discover("  global:\n    clusterName: c\n");

        Assert.Equal(["DaemonSet dd/datadog-agent", "Deployment dd/datadog-cluster-agent"], result.Workloads.Select(w => $"{w.Kind} {w.Namespace}/{w.Name}"));
        var agent = result.Workloads[0];
        Assert.Equal(("datadog-agent", PatternSource.None), (agent.Agent, agent.PatternSource));
        Assert.Contains("Deployment dd/datadog-cluster-agent", agent.FanIn, StringComparison.Ordinal);
        var dca = result.Workloads[1];
        Assert.Equal(("datadog-cluster-agent", 1, "datadog-cluster-agent"), (dca.Agent, dca.Replicas, dca.ServiceAccount));
        Assert.All(result.Workloads, w => Assert.Equal("DatadogAgent dd/datadog (Datadog Operator, node Agent and Cluster Agent)", w.CreatedBy));
    }

    [Fact]
    public void Discover_DefaultFeatures_ClusterAgentEventsExplorerAndKsmCore()
    {
        var dca = Discover("  global: {}\n").Workloads[1];

        Assert.Contains(dca.AccessPatterns, p => p.Resource == "events" && p.LeaderElected);
        Assert.Contains(dca.AccessPatterns, p => p.Resource == "cronjobs" && p.LeaderElected);
        Assert.Contains(dca.AccessPatterns, p => p.Resource == "customresourcedefinitions" && p.Reason?.Contains("kubernetes_state_core", StringComparison.Ordinal) == true);
        Assert.Contains(dca.AccessPatterns, p => p.Resource == "services");
    }

    [Fact]
    public void Discover_FeaturesSwitchedOff_NotCounted()
    {
        var dca = Discover("  features:\n    eventCollection: {collectKubernetesEvents: false}\n    orchestratorExplorer: {enabled: false}\n    kubeStateMetricsCore: {enabled: false}\n").Workloads[1];

        Assert.DoesNotContain(dca.AccessPatterns, p => p.Resource is "events" or "cronjobs" or "customresourcedefinitions");
        Assert.All(dca.AccessPatterns, p => Assert.Equal("dda.yaml", p.Origin?.File));
    }

    [Fact]
    public void Discover_ClusterAgentDisabled_NodeAgentListsEndpointSlicesItself()
    {
        var result = Discover("  override:\n    clusterAgent:\n      disabled: true\n");

        var agent = Assert.Single(result.Workloads);
        Assert.Contains(agent.AccessPatterns, p => p.Resource == "endpointslices" && p.Verb == ApiVerb.List);
        Assert.EndsWith("Cluster Agent disabled)", agent.CreatedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_OverrideReplicasImageAndEnv_Used()
    {
        var result = Discover("  override:\n    clusterAgent:\n      replicas: 2\n      image: {name: gcr.io/datadoghq/cluster-agent, tag: 7.70.0}\n      env:\n      - {name: DD_CLUSTER_CHECKS_ENABLED, value: \"false\"}\n");

        var dca = result.Workloads[1];
        Assert.Equal(2, dca.Replicas);
        Assert.DoesNotContain(dca.AccessPatterns, p => p.Reason?.Contains("cluster checks, every Service", StringComparison.Ordinal) == true);
        Assert.Contains(Discover("  global: {}\n").Workloads[1].AccessPatterns, p => p.Reason?.Contains("cluster checks, every Service", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Discover_RetiredV1Alpha1_WarningSaysWhy()
    {
        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("dda.yaml", "apiVersion: datadoghq.com/v1alpha1\nkind: DatadogAgent\nmetadata: {name: d}\nspec: {}\n")]);

        Assert.Empty(result.Workloads);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("v1alpha1", StringComparison.Ordinal));
    }
}
