using System.Text.Json;
using Gate.Core;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Cli.Tests.Estimate;

/// <summary><c>gate estimate --from-cluster</c> end to end against the loopback fake API server.</summary>
public sealed class FromClusterTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("gate-from-cluster-").FullName;
    private FakeKubeServer? server;

    public async Task InitializeAsync()
    {
        server = await FakeKubeServer.StartAsync(rbac: FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-estimate-rbac.yaml")));
        server.Cluster.AddNodes(2_400);
        ClusterPopulation.Add(server.Cluster, string.Empty, "pods", 3_000);
        ClusterPopulation.AddApiServers(server.Cluster, 2);
    }

    public async Task DisposeAsync()
    {
        await server!.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Estimate_FromCluster_UsesCountsOfTheContext()
    {
        var kubeconfig = server!.WriteKubeconfig(directory, context: "prod-eu");

        var result = await CorpusRun.RunAsync("estimate", "node-exporter", "--from-cluster", "--kubeconfig", kubeconfig, "--context", "prod-eu", "--format", "json");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var cluster = json.RootElement.GetProperty("cluster");
        Assert.Equal(2_400, cluster.GetProperty("nodes").GetInt32());
        Assert.Equal("prod-eu", cluster.GetProperty("source").GetString());
        Assert.Equal(2, cluster.GetProperty("apiServer").GetProperty("replicas").GetInt32());
        Assert.All(server.Requests.Where(r => r.Verb == "list" && r.LabelSelector is null), r => Assert.Contains("limit=1", r.Query.Split('&')));
    }

    [Fact]
    public async Task Check_FromClusterBadToken_ExitsThreeWithOneLineWithoutToken()
    {
        const string token = "stolen-token-a81f";
        var kubeconfig = server!.WriteKubeconfig(directory, token, context: "bad");

        var result = await CorpusRun.RunAsync("check", "node-exporter", "--from-cluster", "--kubeconfig", kubeconfig);

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Equal("error: the API server did not accept the credentials (401): check the kubeconfig user", line);
        Assert.DoesNotContain(token, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FromClusterErrorBodyEchoesToken_RedactedByValueEvenVerbose()
    {
        var kubeconfig = server!.WriteKubeconfig(directory, context: "echo");
        server.Faults.Add(new FaultRule { Kind = FaultKind.EchoCredentials, Remaining = 100 });

        var result = await CorpusRun.RunAsync("check", "node-exporter", "--from-cluster", "--kubeconfig", kubeconfig, "--verbose");

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        Assert.Contains("credential \\u0022***\\u0022 is not allowed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeKubeServer.GateToken, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_FromClusterWithNodes_ExitsTwo()
    {
        var result = await CorpusRun.RunAsync("estimate", "node-exporter", "--from-cluster", "--nodes", "100");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: --nodes, --profile and --from-cluster exclude each other", result.Error, StringComparison.Ordinal);
    }
}
