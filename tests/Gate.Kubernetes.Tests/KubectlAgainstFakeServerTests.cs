using System.Diagnostics;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Kubernetes.Tests;

/// <summary>
/// The real kubectl as a client of the fake API server (over TLS: kubectl sends a bearer token only over TLS): its
/// discovery, a label-selected LIST and the WATCH it resumes from that list's resourceVersion, with the events a pod
/// replacement causes. What the gate's own pod watch relies on is what a stock client sees.
/// </summary>
public sealed class KubectlAgainstFakeServerTests
{
    [Fact]
    public async Task KubectlGetWatch_AgentPods_ListsThenWatchesAndSeesTheReplacement()
    {
        await using var server = await FakeKubeServer.StartAsync(tls: true);
        server.Cluster.AddNodes(3, zones: 1);
        server.Cluster.StartReady = true;
        server.Cluster.AddDaemonSet("monitoring", "node-agent", "agent:1.0");
        var pods = server.Cluster.List(string.Empty, "pods", "monitoring").Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(3, pods.Count);
        var kubeconfig = server.WriteKubeconfig(Directory.CreateTempSubdirectory("gate-kubectl-").FullName, FakeKubeServer.AdminToken);

        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "get", "pods", "-n", "monitoring", "-l", "app=node-agent", "--watch", "--output-watch-events", "-o", "jsonpath={.type} {.object.metadata.name}{\"\\n\"}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var kubectl = Process.Start(start)!;
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (lines.Count < 3 && await kubectl.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
            }

            server.Cluster.Delete(string.Empty, "pods", "monitoring", pods[0]);
            while (!lines.Any(l => l.StartsWith("DELETED", StringComparison.Ordinal)) && await kubectl.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
            }
        }
        finally
        {
            kubectl.Kill(entireProcessTree: true);
            await kubectl.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(lines.Count >= 4, "kubectl printed: " + string.Join(" | ", lines) + " / " + await kubectl.StandardError.ReadToEndAsync(CancellationToken.None));
        Assert.Equal(pods.Order(StringComparer.Ordinal).Select(p => "ADDED " + p), lines.Take(3).Order(StringComparer.Ordinal));
        Assert.Contains("DELETED " + pods[0], lines);
        var requests = server.Requests.Where(r => r.Resource == "pods").ToList();
        var list = Assert.Single(requests, r => r.Verb == "list");
        var watch = Assert.Single(requests, r => r.Verb == "watch");
        Assert.Equal("app=node-agent", list.LabelSelector);
        Assert.Equal("app=node-agent", watch.LabelSelector);
        Assert.Contains("resourceVersion=", watch.Query, StringComparison.Ordinal);
        Assert.Equal(200, list.Status); // the watch is still streaming when kubectl is stopped: its events above are the proof
    }
}
