using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Agents;

public sealed class WorkloadDiscoveryTests
{
    private const string PodListRbac = "  - apiGroups: [\"\"]\n    resources: [pods, pods/log, nodes]\n    verbs: [get, list, watch]\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get]";

    [Fact]
    public void Discover_UnknownAgentWithRbac_RbacWorstCaseUpperBound()
    {
        var scenario = new Scenario("registry.example.com/acme/agent:1.0").Document(Scenario.Rbac(PodListRbac));

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal(PatternSource.RbacWorstCase, workload.PatternSource);
        Assert.Equal("unknown", workload.Agent);
        Assert.Equal(
            ["get deployments.apps object f=- l=- rv=- p=60", "list nodes cluster f=- l=- rv=0 p=-", "list pods cluster f=- l=- rv=0 p=-", "watch nodes cluster f=- l=- rv=- p=-", "watch pods cluster f=- l=- rv=- p=-"],
            Scenario.Keys(workload));
        Assert.All(workload.AccessPatterns, p => Assert.True(p.UpperBound));
        Assert.Contains(workload.Notes, n => n.Contains(DeclaredPatterns.Annotation, StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_RoleBindingGrant_NamespaceScopedWorstCase()
    {
        var rbac = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: obs\nrules:\n  - apiGroups: [\"\"]\n    resources: [configmaps]\n    verbs: [\"*\"]\n---\n"
            + "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: r\n  namespace: obs\nroleRef:\n  kind: Role\n  name: r\n  apiGroup: rbac.authorization.k8s.io\nsubjects:\n  - kind: ServiceAccount\n    name: agent\n";
        var workload = Assert.Single(new Scenario("acme/agent:1").Document(rbac).Discover().Workloads);

        Assert.Equal(
            ["create configmaps object f=- l=- rv=- p=60", "delete configmaps object f=- l=- rv=- p=60", "list configmaps namespace f=- l=- rv=0 p=-",
             "patch configmaps object f=- l=- rv=- p=60", "update configmaps object f=- l=- rv=- p=60", "watch configmaps namespace f=- l=- rv=- p=-"],
            Scenario.Keys(workload));
    }

    [Fact]
    public void Discover_DeclaredAnnotation_UsedForUnknownAgent()
    {
        var scenario = new Scenario("acme/agent:1")
        {
            AccessPatternsAnnotation = "- verb: list\n  resource: pods\n  fieldSelector: spec.nodeName=$(NODE)\n  periodSeconds: 30\n- verb: watch\n  group: apps\n  resource: deployments\n  scope: namespace",
        }.Document(Scenario.Rbac(PodListRbac));

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal(PatternSource.Declared, workload.PatternSource);
        Assert.Equal(["list pods node f=spec.nodeName=$(NODE) l=- rv=- p=30", "watch deployments.apps namespace f=- l=- rv=- p=-"], Scenario.Keys(workload));
        var origin = workload.AccessPatterns[0].Origin!;
        Assert.Equal("- verb: list", scenario.Yaml().Split('\n')[origin.Line - 1].Trim());
    }

    [Fact]
    public void Discover_DeclaredAnnotationWithUnknownKey_PositionedUsageError()
    {
        var scenario = new Scenario("acme/agent:1") { AccessPatternsAnnotation = "- verb: list\n  resource: pods\n  perod: 30" };

        var ex = Assert.Throws<GateUsageException>(() => scenario.Discover());

        Assert.Contains("perod", ex.Message, StringComparison.Ordinal);
        Assert.Equal("perod: 30", scenario.Yaml().Split('\n')[ex.Position!.Line - 1].Trim());
    }

    [Fact]
    public void Discover_DeclaredWatchWithPeriod_UsageError()
    {
        var scenario = new Scenario("acme/agent:1") { AccessPatternsAnnotation = "- verb: watch\n  resource: pods\n  periodSeconds: 30" };

        Assert.Throws<GateUsageException>(() => scenario.Discover());
    }

    [Fact]
    public void Discover_DeclaredLeaderElectedAndShardedPatterns_CarryTheirOwnCounts()
    {
        var scenario = new Scenario("acme/agent:1")
        {
            AccessPatternsAnnotation = "- verb: watch\n  resource: pods\n  leaderElected: true\n- verb: watch\n  resource: nodes\n  replicas: 4\n- verb: get\n  resource: nodes\n  scope: object",
        };

        var patterns = Assert.Single(scenario.Discover().Workloads).AccessPatterns;

        Assert.Equal([(1, true), (4, false), ((int?)null, false)], patterns.Select(p => (p.Replicas, p.LeaderElected)));
    }

    [Theory]
    [InlineData("replicas: 0", "replicas: 0")]
    [InlineData("replicas: 1.5", "replicas: 1.5")]
    [InlineData("leaderElected: maybe", "leaderElected: maybe")]
    public void Discover_DeclaredBadCount_PositionedUsageError(string line, string expected)
    {
        var scenario = new Scenario("acme/agent:1") { AccessPatternsAnnotation = "- verb: watch\n  resource: pods\n  " + line };

        var ex = Assert.Throws<GateUsageException>(() => scenario.Discover());

        Assert.Equal(expected, scenario.Yaml().Split('\n')[ex.Position!.Line - 1].Trim());
    }

    [Fact]
    public void Discover_PatternFile_OverridesRbacWorstCase()
    {
        var file = ManifestSource.FromText("patterns.yaml", "workloads:\n  - name: agent\n    namespace: obs\n    accessPatterns:\n      - verb: get\n        resource: nodes\n        scope: object\n        periodSeconds: 60\n");
        var scenario = new Scenario("acme/agent:1").Document(Scenario.Rbac(PodListRbac));

        var result = scenario.Discover(new DiscoveryOptions { PatternFiles = [file] });

        var workload = Assert.Single(result.Workloads);
        Assert.Equal(PatternSource.Declared, workload.PatternSource);
        Assert.Equal(["get nodes object f=- l=- rv=- p=60"], Scenario.Keys(workload));
        Assert.Equal("patterns.yaml", workload.AccessPatterns[0].Origin!.File);
    }

    [Fact]
    public void Discover_PatternFileForMissingWorkload_Warning()
    {
        var file = ManifestSource.FromText("patterns.yaml", "workloads:\n  - name: other\n    accessPatterns: []\n");

        var result = new Scenario("acme/agent:1").Discover(new DiscoveryOptions { PatternFiles = [file] });

        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("other", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_CatalogueAndDeclared_CatalogueWinsWithNote()
    {
        var scenario = new Scenario("grafana/promtail:3.3.0") { AccessPatternsAnnotation = "- verb: list\n  resource: pods" }
            .Config("promtail.yaml", "scrape_configs: []\nclients: []");

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal("promtail", workload.Agent);
        Assert.Contains(workload.Notes, n => n.Contains("declared", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_NoTokenMounted_NoPatterns()
    {
        var workload = Assert.Single(new Scenario("acme/agent:1") { AutomountToken = false }.Document(Scenario.Rbac(PodListRbac)).Discover().Workloads);

        Assert.Equal(PatternSource.None, workload.PatternSource);
        Assert.Empty(workload.AccessPatterns);
    }

    [Fact]
    public void Discover_KnownAgentWithoutItsConfig_FallsBackToRbacWithNote()
    {
        var workload = Assert.Single(new Scenario("otel/opentelemetry-collector-contrib:0.115.0").Document(Scenario.Rbac(PodListRbac)).Discover().Workloads);

        Assert.Equal(PatternSource.RbacWorstCase, workload.PatternSource);
        Assert.Equal("opentelemetry-collector", workload.Agent);
        Assert.Contains(workload.Notes, n => n.Contains("configuration is not in the inputs", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_Deployment_PerClusterWithReplicas()
    {
        var scenario = new Scenario("otel/opentelemetry-collector-contrib:0.115.0") { Kind = "Deployment", Replicas = 2 }
            .Config("config.yaml", "receivers:\n  k8s_cluster: {}\nexporters:\n  debug: {}\nservice:\n  pipelines:\n    metrics:\n      receivers: [k8s_cluster]");

        var workload = Assert.Single(scenario.Discover().Workloads);

        Assert.Equal(Multiplicity.PerCluster, workload.Multiplicity);
        Assert.Equal(2, workload.Replicas);
        Assert.Equal("Deployment", workload.Kind);
        Assert.NotEmpty(workload.AccessPatterns);
    }

    [Fact]
    public void Discover_UnknownSidecarBesideKnownAgent_NotedNotWorstCase()
    {
        var yaml = new Scenario("grafana/promtail:3.3.0").Config("promtail.yaml", "scrape_configs: []\nclients: []").Yaml()
            .Replace("      containers:\n", "      containers:\n        - name: helper\n          image: acme/helper:1\n", StringComparison.Ordinal);

        var workload = Assert.Single(WorkloadDiscovery.Discover([ManifestSource.FromText("a.yaml", yaml)]).Workloads);

        Assert.Equal("promtail", workload.Agent);
        Assert.Contains(workload.Notes, n => n.Contains("acme/helper:1", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_KindListAndJson_ObjectsFound()
    {
        const string json = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "a", "namespace": "x"},
               "spec": {"template": {"spec": {"automountServiceAccountToken": false, "containers": [{"name": "c", "image": "acme/a:1"}]}}}},
              {"apiVersion": "apps.kruise.io/v1alpha1", "kind": "DaemonSet", "metadata": {"name": "b"},
               "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "prom/node-exporter:v1"}]}}}}
            ]}
            """;

        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("list.json", json)]);

        Assert.Equal(["a", "b"], result.Workloads.Select(w => w.Name));
        Assert.Equal(new SourcePosition("list.json", 2, 3), result.Workloads[0].Origin);
        Assert.Equal("default", result.Workloads[1].Namespace);
    }

    [Fact]
    public void Discover_NonKubernetesYaml_SkippedWithDiagnostic()
    {
        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("settings.yaml", "replicaCount: 1\nimage: x\n")]);

        Assert.Empty(result.Workloads);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("not a Kubernetes object", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_ConfigMapItemsAndSubPath_OnlyMountedKeysRead()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: p, namespace: n}
            spec:
              template:
                spec:
                  containers:
                    - name: p
                      image: grafana/promtail:3.3.0
                      volumeMounts:
                        - {name: cfg, mountPath: /etc/promtail/promtail.yaml, subPath: real.yaml}
                  volumes:
                    - name: cfg
                      configMap:
                        name: cm
                        items:
                          - {key: promtail.yaml, path: real.yaml}
                          - {key: other.yaml, path: other.yaml}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cm, namespace: n}
            data:
              promtail.yaml: |
                scrape_configs:
                  - job_name: n
                    kubernetes_sd_configs: [{role: node}]
              other.yaml: |
                scrape_configs:
                  - job_name: s
                    kubernetes_sd_configs: [{role: service}]
              unmounted.yaml: |
                scrape_configs:
                  - job_name: e
                    kubernetes_sd_configs: [{role: endpoints}]
            """;

        var workload = Assert.Single(WorkloadDiscovery.Discover([ManifestSource.FromText("p.yaml", yaml)]).Workloads);

        Assert.Equal(["list nodes cluster f=- l=- rv=0 p=-", "watch nodes cluster f=- l=- rv=- p=-"], Scenario.Keys(workload));
    }
}
