using System.Text.Json.Nodes;
using Gate.Core;
using Gate.Testing;
using Gate.Testing.FakeKube;
using YamlDotNet.RepresentationModel;

namespace Gate.Cli.Tests.Rollout;

/// <summary>
/// The pre-flight <c>gate check</c> of <c>gate rollout</c> against the loopback fake API server at 500 nodes: the
/// OpenTelemetry collector of the corpus with a cluster-wide pod informer (refused) and with the node filter (passes).
/// </summary>
public sealed class RolloutPreflightTests : IAsyncLifetime
{
    private const string Ns = "observability";
    private const string Name = "otel-agent";
    private const string NewImage = "otel/opentelemetry-collector-contrib:0.115.0";
    private const string DaemonSetManifest = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: otel-agent
          namespace: observability
        spec:
          selector:
            matchLabels:
              app: otel-agent
          template:
            metadata:
              labels:
                app: otel-agent
            spec:
              serviceAccountName: otel-agent
              containers:
                - name: otel-agent
                  image: otel/opentelemetry-collector-contrib:0.115.0
                  args: ["--config=/conf/relay.yaml"]
                  env:
                    - name: K8S_NODE_NAME
                      valueFrom:
                        fieldRef:
                          fieldPath: spec.nodeName
                  volumeMounts:
                    - name: otel-agent-config
                      mountPath: /conf
              volumes:
                - name: otel-agent-config
                  configMap:
                    name: otel-agent-conf
                    items:
                      - key: relay.yaml
                        path: relay.yaml
        """;

    private readonly AcceleratedTimeProvider time = new(100);
    private readonly string directory = Directory.CreateTempSubdirectory("gate-cli-preflight-").FullName;
    private FakeKubeServer server = null!;
    private HostilePrometheus prometheus = null!;
    private string kubeconfig = null!;
    private string manifest = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubeServer.StartAsync(time, FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-rbac.yaml")));
        prometheus = await HostilePrometheus.StartAsync();
        server.Cluster.CrashingImages.Add(NewImage); // a rollout that gets past the pre-flight ends at stage 1, quickly
        server.Cluster.AddNodes(500);
        server.Cluster.AddDaemonSet(Ns, Name, "otel/opentelemetry-collector-contrib:0.114.0");
        AddAgentRbac();
        kubeconfig = server.WriteKubeconfig(directory);
        manifest = Path.Combine(directory, "daemonset.yaml");
        await File.WriteAllTextAsync(manifest, DaemonSetManifest);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await prometheus.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Rollout_ClusterWidePodInformer_RefusedWithTheFindingsBeforeAnyWrite()
    {
        AddConfigMap("otel-k8sattributes-cluster");

        var result = await RolloutAsync();

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Snapshot.Match(result.Output.Replace(directory, "<tmp>", StringComparison.Ordinal), "cluster-wide");
        Assert.Equal(string.Empty, result.Error);
        var requests = server.Requests;
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
        Assert.DoesNotContain(requests, r => r.Verb is "watch" || r.IsClusterWidePodList || r.Status == 403);
        Assert.Contains(requests, r => r.Resource == "configmaps" && r.Name == "otel-agent-conf" && r.Status == 200);
        Assert.Contains(requests, r => r.Resource == "clusterrolebindings" && r.Name == Name && r.Status == 200);
        Assert.Contains(requests, r => r.Resource == "clusterroles" && r.Name == Name && r.Status == 200);
        Assert.Single(requests, r => r.Resource == "nodes" && r.Verb == "list" && r.Query.Contains("limit=1", StringComparison.Ordinal));
        Assert.Equal("otel/opentelemetry-collector-contrib:0.114.0", Image());
    }

    [Fact]
    public async Task Rollout_ClusterWidePodInformerWithForce_WarnsAndRollsOut()
    {
        AddConfigMap("otel-k8sattributes-cluster");

        var result = await RolloutAsync("--force");

        Assert.Equal("warning: the pre-flight check failed; rolling out anyway because of --force\n", result.Error);
        Assert.Contains("at 500 nodes: failed, 1 error", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"batches: at most \d+ pods replaced at once", result.Output);
        Assert.DoesNotContain("refusing", result.Output, StringComparison.Ordinal);
        Assert.Contains("stage 1/", result.Output, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.Method == "DELETE" && r.Resource == "pods");
        // the canary crashloops (test image): rolled back, strategy and FlowSchema cleaned up
        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.Contains(server.Requests, r => r.Resource == "flowschemas" && r.Verb == "create" && r.Status == 201);
        Assert.Empty(server.Cluster.List("flowcontrol.apiserver.k8s.io", "flowschemas", null));
    }

    [Fact]
    public async Task Rollout_NodeScopedInformer_PassesThePreflightAndRollsOut()
    {
        AddConfigMap("otel-k8sattributes-node-filter");

        var result = await RolloutAsync();

        Assert.Contains("pre-flight gate check of observability/otel-agent (", result.Output, StringComparison.Ordinal);
        Assert.Contains("at 500 nodes: passed, 0 errors", result.Output, StringComparison.Ordinal);
        // a node-scoped informer's start-up burst is small: the DaemonSet controller's own burst bounds the batch
        Assert.Contains("batches: at most 250 pods replaced at once", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("refusing", result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("stage 1/", result.Output, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.Method == "DELETE" && r.Resource == "pods");
    }

    [Fact]
    public async Task Rollout_ConfigMapGivenWithManifests_TakesItInsteadOfTheClustersCopy()
    {
        AddConfigMap("otel-k8sattributes-node-filter");
        var local = Path.Combine(directory, "configmap.yaml");
        File.Copy(Corpus("otel-k8sattributes-cluster", "configmap.yaml"), local);

        var result = await RolloutAsync("--manifests", local);

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.Contains("error GATE103", result.Output, StringComparison.Ordinal);
        Assert.Contains("configmap.yaml:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Requests, r => r.Resource == "configmaps");
    }

    private static string Corpus(string folder, string file) => Path.Combine(RepoPaths.Corpus, folder, file);

    private void AddConfigMap(string corpusCase)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Corpus(corpusCase, "configmap.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var data = (YamlMappingNode)root["data"];
        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "otel-agent-conf", ["namespace"] = Ns },
            ["data"] = new JsonObject(data.Children.Select(p => KeyValuePair.Create(p.Key.ToString(), (JsonNode?)JsonValue.Create(((YamlScalarNode)p.Value).Value)))),
        };
        server.Cluster.Create(string.Empty, "configmaps", Ns, configMap);
    }

    private void AddAgentRbac()
    {
        var rbac = "rbac.authorization.k8s.io";
        server.Cluster.Create(string.Empty, "serviceaccounts", Ns, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = Name } });
        server.Cluster.Create(rbac, "clusterroles", null, JsonNode.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"otel-agent"},
             "rules":[{"apiGroups":[""],"resources":["pods","namespaces"],"verbs":["get","watch","list"]},
                      {"apiGroups":["apps"],"resources":["replicasets"],"verbs":["get","list","watch"]}]}
            """)!.AsObject());
        server.Cluster.Create(rbac, "clusterrolebindings", null, JsonNode.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"otel-agent"},
             "subjects":[{"kind":"ServiceAccount","name":"otel-agent","namespace":"observability"}],
             "roleRef":{"kind":"ClusterRole","name":"otel-agent","apiGroup":"rbac.authorization.k8s.io"}}
            """)!.AsObject());
    }

    private string Image() => server.Cluster.Get("apps", "daemonsets", Ns, Name)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    private async Task<CliResult> RolloutAsync(params string[] extra)
    {
        string[] args = ["rollout", Name, "-n", Ns, "--manifest", manifest, "--kubeconfig", kubeconfig, "--prometheus", prometheus.Address.ToString(), "--bake", "30s", .. extra];
        return await GateRun.RunWithClockAsync(time, directory, args);
    }
}
