using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Agents;

/// <summary>The RBAC bound of an unknown agent: what each granted verb allows, never narrowed by a guess.</summary>
public sealed class RbacBoundTests
{
    private static IReadOnlyList<string> Bound(string rules, Scenario? scenario = null) =>
        Scenario.Keys(Assert.Single((scenario ?? new Scenario("registry.example.com/acme/agent:1.0")).Document(Scenario.Rbac(rules)).Discover().Workloads));

    [Fact]
    public void Bound_ListWithoutWatch_PollNotInformer()
    {
        var keys = Bound("  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [list]");

        Assert.Equal(["list pods cluster f=- l=- rv=- p=60"], keys);
    }

    [Fact]
    public void Bound_GetAlone_OneObjectPerRequest()
    {
        var keys = Bound("  - apiGroups: [\"\"]\n    resources: [nodes]\n    verbs: [get]");

        Assert.Equal(["get nodes object f=- l=- rv=- p=60"], keys);
    }

    [Fact]
    public void Bound_WriteVerbsWithoutListOrWatch_CountedAsRequests()
    {
        var keys = Bound("  - apiGroups: [\"\"]\n    resources: [nodes/status]\n    verbs: [patch]\n  - apiGroups: [\"\", events.k8s.io]\n    resources: [events]\n    verbs: [create, patch]");

        Assert.Equal(
            ["create events object f=- l=- rv=- p=60", "create events.events.k8s.io object f=- l=- rv=- p=60", "patch events object f=- l=- rv=- p=60",
             "patch events.events.k8s.io object f=- l=- rv=- p=60", "patch nodes object f=- l=- rv=- p=60"],
            keys);
    }

    [Fact]
    public void Bound_ResourceNames_ObjectScopedWatch()
    {
        var keys = Bound("  - apiGroups: [\"\"]\n    resources: [configmaps]\n    resourceNames: [agent-state]\n    verbs: [get, list, watch]");

        Assert.Equal(["list configmaps object f=metadata.name=agent-state l=- rv=0 p=-", "watch configmaps object f=metadata.name=agent-state l=- rv=- p=-"], keys);
    }

    [Fact]
    public void Bound_NodeNameVariableInManifest_DoesNotNarrow()
    {
        var scenario = new Scenario("registry.example.com/acme/agent:1.0").NodeNameEnv("NODE_NAME").Args("--node-name=$(NODE_NAME)");

        var keys = Bound("  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [list, watch]", scenario);

        Assert.Equal(["list pods cluster f=- l=- rv=0 p=-", "watch pods cluster f=- l=- rv=- p=-"], keys);
    }

    [Fact]
    public void Bound_EveryPattern_MarkedUpperBoundWithBothWaysOut()
    {
        var workload = Assert.Single(new Scenario("registry.example.com/acme/agent:1.0")
            .Document(Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [list, watch, patch]")).Discover().Workloads);

        Assert.All(workload.AccessPatterns, p => Assert.True(p.UpperBound));
        var note = Assert.Single(workload.Notes);
        Assert.Contains("UPPER BOUND", note, StringComparison.Ordinal);
        Assert.Contains(DeclaredPatterns.Annotation, note, StringComparison.Ordinal);
        Assert.Contains("gate profile", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_KnownAgentBesideUnknownContainer_RbacBoundForTheWorkload()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, namespace: obs}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  serviceAccountName: agent
                  containers: [{name: exporter, image: "prom/node-exporter:v1.8.2"}, {name: sidecar, image: "registry.example.com/acme/inventory:2.0"}]
            """;
        var rbac = Scenario.Rbac("  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [list, watch]");

        var workload = Assert.Single(WorkloadDiscovery.Discover([ManifestSource.FromText("ds.yaml", yaml + "\n---\n" + rbac)]).Workloads);

        Assert.Equal(PatternSource.RbacWorstCase, workload.PatternSource);
        Assert.Equal(["list pods cluster f=- l=- rv=0 p=-", "watch pods cluster f=- l=- rv=- p=-"], Scenario.Keys(workload));
        Assert.Contains(workload.Notes, n => n.Contains("inventory", StringComparison.Ordinal) && n.Contains("UPPER BOUND", StringComparison.Ordinal));
    }
}
