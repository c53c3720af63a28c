using Gate.Core;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Native.Tests;

/// <summary>
/// The commands that talk to Kubernetes, run natively against the loopback fake API server: the client's
/// source-generated serializer, the kubeconfig loader, retries and RBAC behave as in the managed build.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class ClusterCommandTests(NativeGate gate) : IAsyncLifetime
{
    private const string Ns = "monitoring";
    private const string Name = "node-agent";
    private readonly string directory = Directory.CreateTempSubdirectory("gate-native-cluster-").FullName;
    private FakeKubeServer server = null!;
    private FakeKubeServer rolloutServer = null!;
    private HostilePrometheus prometheus = null!;

    public async Task InitializeAsync()
    {
        rolloutServer = await FakeKubeServer.StartAsync(rbac: FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-rbac.yaml")));
        prometheus = await HostilePrometheus.StartAsync();
        rolloutServer.Cluster.CrashingImages.Add("agent:bad");
        rolloutServer.Cluster.AddNodes(6);
        rolloutServer.Cluster.AddDaemonSet(Ns, Name, "agent:1.0");
        server = await FakeKubeServer.StartAsync(rbac: FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-estimate-rbac.yaml")));
        server.Cluster.AddNodes(1_200);
        ClusterPopulation.Add(server.Cluster, string.Empty, "pods", 3_000);
        ClusterPopulation.AddApiServers(server.Cluster, 2);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await rolloutServer.DisposeAsync();
        await prometheus.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task EstimateFromCluster_FakeApiServer_SameAsManagedBuildWithLimitOneListsOnly()
    {
        var kubeconfig = server.WriteKubeconfig(directory, context: "prod-eu");
        string[] args = ["estimate", Path.Combine(RepoPaths.Corpus, "node-exporter"), "--from-cluster", "--kubeconfig", kubeconfig, "--context", "prod-eu", "--format", "json"];

        server.ClearLog();
        var native = await gate.RunAsync(args);
        var nativeRequests = server.Requests.Select(r => (r.Verb, r.Resource, r.Query)).ToList();
        server.ClearLog();
        var managed = await InProcessGate.RunAsync(args, environment: NativeGate.NoEnvironment, workingDirectory: RepoPaths.Root);

        Assert.Equal(managed, native);
        Assert.Equal(ExitCodes.Pass, native.ExitCode);
        Assert.Contains("\"source\": \"prod-eu\"", native.Output, StringComparison.Ordinal);
        Assert.Equal(server.Requests.Select(r => (r.Verb, r.Resource, r.Query)).Order(), nativeRequests.Order());
        Assert.All(nativeRequests.Where(r => r.Verb == "list" && !r.Query.Contains("labelSelector", StringComparison.Ordinal)), r => Assert.Contains("limit=1", r.Query.Split('&')));
    }

    [Fact]
    public async Task EstimateFromCluster_WrongToken_ExitsThreeWithOneLineWithoutTheToken()
    {
        const string token = "stolen-token-native-77a1";
        var kubeconfig = server.WriteKubeconfig(directory, token, context: "bad");

        var native = await gate.RunAsync(["estimate", Path.Combine(RepoPaths.Corpus, "node-exporter"), "--from-cluster", "--kubeconfig", kubeconfig]);

        Assert.Equal(ExitCodes.Environment, native.ExitCode);
        Assert.Single(native.Error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(token, native.Error + native.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_CrashloopingImage_RollsBackRestoresTheStrategyAndStatusSaysSo()
    {
        var kubeconfig = rolloutServer.WriteKubeconfig(directory);

        var rollout = await gate.RunAsync(["rollout", Name, "-n", Ns, "--image", "agent:bad", "--kubeconfig", kubeconfig, "--prometheus", prometheus.Address.ToString(), "--bake", "1s"]);
        var status = await gate.RunAsync(["status", Name, "-n", Ns, "--kubeconfig", kubeconfig]);

        Assert.True(rollout.ExitCode == ExitCodes.PolicyViolation, rollout.Output + rollout.Error);
        Assert.Contains("rolledback: rolled back: pod node-agent-", rollout.Output, StringComparison.Ordinal);
        var ds = rolloutServer.Cluster.Get("apps", "daemonsets", Ns, Name)!;
        Assert.Equal("agent:1.0", ds["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("RollingUpdate", ds["spec"]!["updateStrategy"]!["type"]!.GetValue<string>());
        Assert.Equal(ExitCodes.PolicyViolation, status.ExitCode);
        Assert.Contains("rollout image agent:bad: rolledback, stage 1/", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(rolloutServer.Requests, r => r.Verb == "list" && r.Resource == "pods" && r.Namespace is null);
        Assert.DoesNotContain(FakeKubeServer.GateToken, rollout.Output + rollout.Error + status.Output + status.Error, StringComparison.Ordinal);
    }
}
