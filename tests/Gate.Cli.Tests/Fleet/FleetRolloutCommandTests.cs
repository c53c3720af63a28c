using System.Text;
using Gate.Core;
using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Cli.Tests.Fleet;

/// <summary>
/// <c>gate rollout/status/promote --fleet</c> in-process against three loopback fake API servers of different sizes,
/// each with its own Prometheus, listed out of size order in FLEET.yaml.
/// </summary>
public sealed class FleetRolloutCommandTests : IAsyncLifetime
{
    private const string Ns = "monitoring";
    private const string Name = "node-agent";
    private static readonly (string Name, int Nodes)[] Sizes = [("large", 20), ("small", 3), ("medium", 8)];
    private readonly AcceleratedTimeProvider time = new(100);
    private readonly string directory = Directory.CreateTempSubdirectory("gate-cli-fleet-").FullName;
    private readonly Dictionary<string, FakeKubeServer> servers = new(StringComparer.Ordinal);
    private readonly List<HostilePrometheus> prometheuses = [];
    private WebhookReceiver webhook = null!;
    private string fleetFile = null!;

    public async Task InitializeAsync()
    {
        webhook = await WebhookReceiver.StartAsync();
        var yaml = new StringBuilder("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n");
        foreach (var (name, nodes) in Sizes)
        {
            var server = await FakeKubeServer.StartAsync(time, FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-rbac.yaml")));
            server.Admission = FakeAdmission.Load(RepoPaths.InRepo("deploy", "gate-flowschema-policy.yaml"));
            server.Cluster.CrashingImages.Add("agent:bad");
            server.Cluster.AddNodes(nodes);
            server.Cluster.AddDaemonSet(Ns, Name, "agent:1.0");
            server.WriteKubeconfig(directory, context: name);
            servers[name] = server;
            var prometheus = await HostilePrometheus.StartAsync();
            // a healthy control plane: API servers up, the canary's pods Ready, no errors, rejections or latency
            prometheus.Answer = (_, query) => HostileAnswer.Matrix(query.StartsWith("min(up{", StringComparison.Ordinal) || query.Contains("kube_pod_status_ready", StringComparison.Ordinal) ? "1" : "0");
            prometheuses.Add(prometheus);
            yaml.Append($"  - name: {name}\n    kubeconfig: kubeconfig-{name}\n    prometheus: {prometheus.Address}\n");
        }

        yaml.Append("waves: by-size\n");
        fleetFile = Path.Combine(directory, "FLEET.yaml");
        await File.WriteAllTextAsync(fleetFile, yaml.ToString());
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers.Values)
        {
            await server.DisposeAsync();
        }

        foreach (var prometheus in prometheuses)
        {
            await prometheus.DisposeAsync();
        }

        await webhook.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task RolloutFleet_EveryClusterHealthy_PromotesSmallestFirstAndNotifies()
    {
        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "FLEET.yaml", "--bake", "30s", "--notify", webhook.Address.ToString());

        Assert.True(result.ExitCode == ExitCodes.Pass, result.Output + result.Error);
        Assert.All(Sizes, s => Assert.Equal("agent:2.0", Image(s.Name)));
        Assert.Contains("wave 1: small 3 nodes; wave 2: medium 8 nodes; wave 3: large 20 nodes", result.Output, StringComparison.Ordinal);
        Assert.True(At(result, "wave 1: small") < At(result, "wave 2: medium") && At(result, "wave 2: medium") < At(result, "wave 3: large"));
        Assert.Contains("[medium] pre-flight gate check at 8 nodes", result.Output, StringComparison.Ordinal);
        var events = webhook.Received.ToList();
        Assert.Equal(["wave-started", "wave-started", "wave-started"], events.Select(e => (string)e["event"]!).Where(e => e == "wave-started"));
        Assert.Contains(events, e => (string)e["event"]! == "stage-started" && (string)e["cluster"]! == "large");
        Assert.Contains(events, e => (string)e["event"]! == "verdict" && ((string)e["outcome"]!).StartsWith("healthy", StringComparison.Ordinal));
        var last = events[^1];
        Assert.Equal("finished", (string)last["event"]!);
        Assert.Equal("promoted", (string)last["outcome"]!);
        Assert.All(events, e => Assert.StartsWith("gate monitoring/node-agent (", (string)e["text"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RolloutFleet_FaultInMiddleCluster_RollsItBackAndNeverTouchesLargest()
    {
        servers["medium"].Cluster.CrashingImages.Add("agent:2.0");

        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "FLEET.yaml", "--bake", "30s", "--notify", webhook.Address.ToString());

        Assert.True(result.ExitCode == ExitCodes.PolicyViolation, result.Output + result.Error);
        Assert.Equal("agent:2.0", Image("small"));
        Assert.Equal("agent:1.0", Image("medium"));
        Assert.Equal("agent:1.0", Image("large"));
        Assert.DoesNotContain(servers["large"].Requests, r => r.Verb is "update" or "patch" or "delete" or "create");
        Assert.Contains("fleet stopped at wave 2: medium rolled-back; wave(s) 3 not started", result.Output, StringComparison.Ordinal);
        Assert.Contains(webhook.Received, e => (string)e["event"]! == "rolled-back" && (string)e["cluster"]! == "medium");

        var status = await RunAsync("status", Name, "-n", Ns, "--fleet", "FLEET.yaml");
        Assert.Equal(ExitCodes.PolicyViolation, status.ExitCode);
        Assert.Matches(@"\n  1     small    3      promoted", status.Output);
        Assert.Matches(@"\n  2     medium   8      rolled-back", status.Output);
        Assert.Matches(@"\n  3     large    20     not-started", status.Output);
        // the restart count the crashloop was caught at depends on timing
        Snapshot.Match(System.Text.RegularExpressions.Regex.Replace(status.Output, @"\(\d+ restarts\)", "(N restarts)"), "status-after-fault.table");

        // a second run of the same fleet resumes: it finds the failure and starts nothing new
        var again = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "FLEET.yaml", "--bake", "30s");
        Assert.Equal(ExitCodes.PolicyViolation, again.ExitCode);
        Assert.Contains("[medium] found rolled-back", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(servers["large"].Requests, r => r.Verb is "update" or "patch" or "delete" or "create");
    }

    [Fact]
    public async Task RolloutFleet_FaultWithRollbackAll_RollsBackThePromotedCluster()
    {
        servers["medium"].Cluster.CrashingImages.Add("agent:2.0");

        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "FLEET.yaml", "--bake", "30s", "--on-failure", "rollback-all");

        Assert.True(result.ExitCode == ExitCodes.PolicyViolation, result.Output + result.Error);
        Assert.All(Sizes, s => Assert.Equal("agent:1.0", Image(s.Name)));
        Assert.Contains("[small] rolling back (--on-failure rollback-all)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RolloutFleet_WebhookFailing_StillRollsBackAndWarns()
    {
        servers["small"].Cluster.CrashingImages.Add("agent:2.0");
        webhook.Status = 500;

        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "FLEET.yaml", "--bake", "30s", "--notify", webhook.Address.ToString());

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.All(Sizes, s => Assert.Equal("agent:1.0", Image(s.Name)));
        Assert.Contains("warning: --notify: could not post the", result.Error, StringComparison.Ordinal);
        Assert.NotEmpty(webhook.Received);
    }

    [Fact]
    public async Task RolloutFleet_KilledWhilePausedBeforeWave_StatusPromoteAndRerunResume()
    {
        string[] rollout = ["rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "FLEET.yaml", "--bake", "30s", "--pause-before-wave", "2", "--notify", webhook.Address.ToString()];
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var kill = new CancellationTokenSource();
        var writers = CliContext.ForWriters(output, error);
        var context = new CliContext { Console = writers.Console, Out = output, Error = error, Clock = time, WorkingDirectory = directory, GetEnvironmentVariable = _ => null };
        var first = GateApp.RunAsync([.. rollout], context, kill.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // the output is read only once the gate has stopped; its "paused" event says when it waits
        while (!webhook.Received.Any(e => (string)e["event"]! == "paused") && !first.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(first.IsCompleted, output.ToString() + error);
        await kill.CancelAsync();
        await first;
        Assert.Contains("wave 2 paused: approve it with gate promote node-agent -n monitoring --fleet FLEET.yaml", output.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("gate monitoring/node-agent (wave 2): paused", (string)webhook.Received.Single(e => (string)e["event"]! == "paused")["text"]!, StringComparison.Ordinal);
        Assert.Equal("agent:2.0", Image("small"));
        Assert.Equal("agent:1.0", Image("medium"));

        var status = await RunAsync("status", Name, "-n", Ns, "--fleet", "FLEET.yaml");
        Assert.Equal(ExitCodes.Pass, status.ExitCode);
        Assert.Contains("next: wave 2 (medium) has not started", status.Output, StringComparison.Ordinal);

        var promote = await RunAsync("promote", Name, "-n", Ns, "--fleet", "FLEET.yaml");
        Assert.Equal(ExitCodes.Pass, promote.ExitCode);
        Assert.Contains("wave 2 (medium) approved for image agent:2.0", promote.Output, StringComparison.Ordinal);

        var writesToSmall = servers["small"].Requests.Count(r => r.Verb is "update" or "patch" or "delete");
        var resumed = await RunAsync(rollout);
        Assert.True(resumed.ExitCode == ExitCodes.Pass, resumed.Output + resumed.Error);
        Assert.Contains("[small] found promoted", resumed.Output, StringComparison.Ordinal);
        Assert.Contains("wave 2 approved", resumed.Output, StringComparison.Ordinal);
        Assert.All(Sizes, s => Assert.Equal("agent:2.0", Image(s.Name)));
        Assert.Equal(writesToSmall, servers["small"].Requests.Count(r => r.Verb is "update" or "patch" or "delete"));
    }

    [Fact]
    public async Task PromoteFleet_NothingWaiting_ExitsTwo()
    {
        await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "FLEET.yaml", "--bake", "30s");

        var result = await RunAsync("promote", Name, "-n", Ns, "--fleet", "FLEET.yaml");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: no wave waits for approval: every wave is promoted\n", result.Error);
    }

    [Fact]
    public async Task RolloutFleet_BadFleetFile_ExitsTwoWithPositionAndTouchesNothing()
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "BAD.yaml"), "apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: small\n    kubeconfig: kubeconfig-small\nwaves:\n  - clusters: [smal]\n");

        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "BAD.yaml");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: BAD.yaml:7:16: wave 1 names unknown cluster 'smal' (clusters: small)\n", result.Error);
        Assert.All(servers.Values, s => Assert.DoesNotContain(s.Requests, r => r.Verb is "update" or "patch" or "delete" or "create"));
    }

    [Fact]
    public async Task RolloutFleet_ClusterWithoutHealthSource_ExitsTwoAtItsPosition()
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "BLIND.yaml"), "apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: small\n    kubeconfig: kubeconfig-small\n");

        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--fleet", "BLIND.yaml");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: BLIND.yaml:4:5: cluster 'small' has no health source (", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(servers["small"].Requests, r => r.Verb is "update" or "patch" or "delete" or "create");
    }

    private static int At(CliResult result, string text) => result.Output.IndexOf(text, StringComparison.Ordinal);

    private string Image(string cluster) =>
        servers[cluster].Cluster.Get("apps", "daemonsets", Ns, Name)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    private Task<CliResult> RunAsync(params string[] args) => GateRun.RunWithClockAsync(time, directory, args);
}
