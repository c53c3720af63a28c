using System.Text.Json.Nodes;
using Gate.Cli.Reports.Html;
using Gate.Core;
using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Cli.Tests.Rollout;

/// <summary><c>gate rollout/status/promote/abort/rollback</c> in-process against the loopback fake API server.</summary>
public sealed class RolloutCommandTests : IAsyncLifetime
{
    private const string Ns = "monitoring";
    private const string Name = "node-agent";
    private readonly AcceleratedTimeProvider time = new(100);
    private readonly string directory = Directory.CreateTempSubdirectory("gate-cli-rollout-").FullName;
    private FakeKubeServer server = null!;
    private HostilePrometheus prometheus = null!;
    private string kubeconfig = null!;

    public async Task InitializeAsync()
    {
        server = await FakeKubeServer.StartAsync(time, FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-rbac.yaml")));
        server.Admission = FakeAdmission.Load(RepoPaths.InRepo("deploy", "gate-flowschema-policy.yaml"));
        prometheus = await HostilePrometheus.StartAsync();
        server.Cluster.CrashingImages.Add("agent:bad");
        server.Cluster.AddNodes(12);
        server.Cluster.AddDaemonSet(Ns, Name, "agent:1.0");
        kubeconfig = server.WriteKubeconfig(directory);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await prometheus.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Rollout_CrashloopingImage_RollsBackAndExits1()
    {
        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:bad", "--kubeconfig", kubeconfig, "--prometheus", prometheus.Address.ToString(), "--bake", "30s");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.Contains("preparing preparing: - switching the update strategy to OnDelete", result.Output, StringComparison.Ordinal);
        Assert.Contains("stage 1/", result.Output, StringComparison.Ordinal);
        Assert.Contains("rolledback: rolled back: pod node-agent-", result.Output, StringComparison.Ordinal);
        Assert.Equal("agent:1.0", Image());
        AssertNoSecrets(result);

        var status = await RunAsync("status", Name, "-n", Ns, "--kubeconfig", kubeconfig);
        Assert.Equal(ExitCodes.PolicyViolation, status.ExitCode);
        Assert.Contains("rollout image agent:bad: rolledback, stage 1/", status.Output, StringComparison.Ordinal);
        Assert.Contains("strategy RollingUpdate maxUnavailable=1", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_WithReport_PageHasRollbackStagesAndRecordThatStatusKeeps()
    {
        var report = Path.Combine(directory, "rollout.html");

        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:bad", "--kubeconfig", kubeconfig, "--prometheus", prometheus.Address.ToString(), "--bake", "30s", "--report", "rollout.html");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        var page = await File.ReadAllTextAsync(report);
        File.Copy(report, Path.Combine(Html.HtmlDemo.ArtifactFolder, "rollout.html"), overwrite: true);
        Assert.Contains("data-outcome=\"rolled-back\"", page, StringComparison.Ordinal);
        Assert.Contains("data-marker=\"stage\" data-label=\"S1\"", page, StringComparison.Ordinal);
        Assert.Contains("data-marker=\"rollback\"", page, StringComparison.Ordinal);
        Assert.Contains("not measured: the health pack has no API server CPU signal", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        var record = RolloutRecord.Parse(HtmlRenderer.EmbeddedRecord(page)!);
        Assert.NotNull(record);
        Assert.Equal($"{Ns}/{Name}", record.Target);
        Assert.Equal(12, record.Nodes);
        Assert.Contains(record.Events, e => e.Phase == RolloutPhase.RollingBack);
        Assert.Contains(record.Agents, p => p.Value >= 1);

        var status = await RunAsync("status", Name, "-n", Ns, "--kubeconfig", kubeconfig, "--report", "rollout.html");
        var fresh = await RunAsync("status", Name, "-n", Ns, "--kubeconfig", kubeconfig, "--report", "fresh.html");

        Assert.Equal(ExitCodes.PolicyViolation, status.ExitCode);
        var kept = RolloutRecord.Parse(HtmlRenderer.EmbeddedRecord(await File.ReadAllTextAsync(report))!);
        Assert.Equal(record.ToJson(), kept!.ToJson());
        Assert.Equal(ExitCodes.PolicyViolation, fresh.ExitCode);
        var built = await File.ReadAllTextAsync(Path.Combine(directory, "fresh.html"));
        Assert.Contains("annotation alone", built, StringComparison.Ordinal);
        Assert.Contains("data-outcome=\"rolled-back\"", built, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_WithReportInterrupted_WritesThePageSoFarWithoutAnOutcome()
    {
        var report = Path.Combine(directory, "interrupted.html");
        using var interrupt = new CancellationTokenSource();
        string[] args = ["rollout", Name, "-n", Ns, "--image", "agent:2.0", "--kubeconfig", kubeconfig, "--prometheus", prometheus.Address.ToString(), "--bake", "10m", "--report", "interrupted.html"];

        var run = InProcessGate.RunAsync(args, environment: new Dictionary<string, string?>(), workingDirectory: directory, clock: time, cancellationToken: interrupt.Token);
        // interrupt the gate once the canary was replaced (stage 1 bakes for 10 simulated minutes: 6 s at this clock)
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!server.Requests.Any(r => r.Method == "DELETE" && r.Resource == "pods") && !run.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(run.IsCompleted, "the rollout ended before it could be interrupted");
        await Task.Delay(500);
        await interrupt.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        Assert.Equal("error: cancelled\n", result.Error);
        var page = await File.ReadAllTextAsync(report);
        Assert.Contains("The gate was interrupted before the rollout ended.", page, StringComparison.Ordinal);
        Assert.Contains("data-marker=\"stage\" data-label=\"S1\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-marker=\"rollback\"", page, StringComparison.Ordinal);
        var record = RolloutRecord.Parse(HtmlRenderer.EmbeddedRecord(page)!);
        Assert.NotNull(record);
        // no outcome: the record names the phase the rollout was in when the gate stopped
        Assert.Contains(record.Outcome, new[] { "updating", "baking", "analyzing" });
        Assert.Contains(record.Events, e => e.Phase is RolloutPhase.Updating or RolloutPhase.Baking);
    }

    [Theory]
    [InlineData("rollout", "--image", "agent:2.0")]
    [InlineData("status")]
    public async Task Report_WithFleet_Exits2WithOneLine(string command, params string[] extra)
    {
        var result = await RunAsync([command, Name, "-n", Ns, .. extra, "--fleet", "fleet.yaml", "--report", "page.html"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: --report is not available with --fleet yet", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "page.html")));
    }

    [Fact]
    public async Task Rollback_AfterAPlainUpdate_RestoresThePreviousRevisionAndExits0()
    {
        var ds = server.Cluster.Get("apps", "daemonsets", Ns, Name)!;
        ds["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "agent:1.1";
        server.Cluster.Write("apps", "daemonsets", Ns, Name, ds, patch: false);
        Assert.Equal(12, server.Cluster.PodsByRevision(Ns, Name).Single().Value);

        var result = await RunAsync("rollback", Name, "-n", Ns, "--kubeconfig", kubeconfig);

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Contains("aborted: rolled back: rollback requested", result.Output, StringComparison.Ordinal);
        Assert.Equal("agent:1.0", Image());
        Assert.Equal(12, server.Cluster.PodsByRevision(Ns, Name).Single().Value);
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}}""", server.Cluster.Get("apps", "daemonsets", Ns, Name)!["spec"]!["updateStrategy"]!.ToJsonString());
    }

    [Fact]
    public async Task Promote_NoRolloutInProgress_Exits2()
    {
        var result = await RunAsync("promote", Name, "-n", Ns, "--kubeconfig", kubeconfig);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: no gate rollout in progress on monitoring/node-agent\n", result.Error);
    }

    [Fact]
    public async Task Rollout_PrometheusNotReady_Exits3BeforeTouchingTheDaemonSet()
    {
        prometheus.Ready = false;

        var result = await RunAsync("rollout", Name, "-n", Ns, "--image", "agent:2.0", "--kubeconfig", kubeconfig, "--prometheus", prometheus.Address.ToString(), "--bake", "30s");

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        Assert.Contains("is unreachable or not ready (GET /-/ready)", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, prometheus.ReadyProbes);
        Assert.Equal("agent:1.0", Image());
        Assert.DoesNotContain(server.Requests, r => r.Verb is "update" or "patch" or "delete" or "create");
    }

    [Fact]
    public async Task Rollout_NeitherImageNorManifest_Exits2()
    {
        var result = await RunAsync("rollout", Name, "-n", Ns, "--kubeconfig", kubeconfig, "--prometheus", prometheus.Address.ToString());

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: pass exactly one of --image and --manifest\n", result.Error);
    }

    [Fact]
    public async Task Status_ClusterUnreachable_Exits3WithoutCredentials()
    {
        var path = Path.Combine(directory, "unreachable");
        File.WriteAllText(path, File.ReadAllText(kubeconfig).Replace(server.Url.ToString().TrimEnd('/'), "http://127.0.0.1:1", StringComparison.Ordinal));

        var result = await RunAsync("status", Name, "-n", Ns, "--kubeconfig", path);

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        Assert.StartsWith("error: cluster unreachable", result.Error, StringComparison.Ordinal);
        AssertNoSecrets(result);
    }

    [Fact]
    public async Task Status_DaemonSetMissing_Exits2()
    {
        var result = await RunAsync("status", "nope", "-n", Ns, "--kubeconfig", kubeconfig);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: DaemonSet monitoring/nope not found (check the name and --namespace)\n", result.Error);
    }

    private static void AssertNoSecrets(CliResult result)
    {
        Assert.DoesNotContain(FakeKubeServer.GateToken, result.Output + result.Error, StringComparison.Ordinal);
    }

    private string Image() => server.Cluster.Get("apps", "daemonsets", Ns, Name)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    private Task<CliResult> RunAsync(params string[] args) => GateRun.RunWithClockAsync(time, directory, args);
}
