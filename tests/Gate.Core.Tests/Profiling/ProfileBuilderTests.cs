using Gate.Core.Agents;
using Gate.Core.Manifests;
using Gate.Core.Profiling;
using Gate.Testing.Audit;

namespace Gate.Core.Tests.Profiling;

public class ProfileBuilderTests
{
    private static string Key(LearnedPattern l)
    {
        var p = l.Pattern;
        return $"{p.Verb.ToString().ToLowerInvariant()} {p.GroupResource} {p.Scope.ToString().ToLowerInvariant()} f={p.FieldSelector ?? "-"} rv={p.ResourceVersion ?? "-"} "
            + $"limit={p.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} p={p.PeriodSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} "
            + $"{(p.LeaderElected ? "leader" : "every-pod")}";
    }

    [Fact]
    public void Build_ClusterWidePollerOnThreeApiServers_OneClusterListEvery30Seconds()
    {
        var profile = ProfileTestRun.Learn(AuditScenarios.PollerUser, AuditScenarios.ClusterWidePoller().Logs());

        var learned = Assert.Single(profile.Patterns);
        Assert.Equal("list pods cluster f=- rv=- limit=500 p=30 every-pod", Key(learned));
        Assert.Equal(PatternConfidence.High, learned.Confidence);
        Assert.Equal((4, 5, 1L), (learned.Nodes, learned.Pods, learned.Relists));
        Assert.True(learned.Pages >= learned.Requests, "every list has a second page");
        Assert.Equal(("pod-poller", "telemetry", "DaemonSet"), (profile.Name, profile.Namespace, profile.Kind));
        Assert.Equal((4, 5, ClientIdentity.BoundToken), (profile.Sample.Nodes, profile.Sample.Pods, profile.Sample.Identity));
    }

    [Fact]
    public void Build_NodeScopedInformer_NodeSelectorsGeneralisedAndLeaderFound()
    {
        var profile = ProfileTestRun.Learn(AuditScenarios.NodeAgentUser, AuditScenarios.NodeScopedInformer().Logs());

        Assert.Equal(
            string.Join('\n', [
                "get leases.coordination.k8s.io object f=- rv=- limit=- p=10 every-pod",
                "update leases.coordination.k8s.io object f=- rv=- limit=- p=10 leader",
                "list nodes node f=metadata.name=$(NODE_NAME) rv=0 limit=500 p=- every-pod",
                "watch nodes node f=metadata.name=$(NODE_NAME) rv=- limit=- p=- every-pod",
                "list pods node f=spec.nodeName=$(NODE_NAME) rv=0 limit=500 p=- every-pod",
                "watch pods node f=spec.nodeName=$(NODE_NAME) rv=- limit=- p=- every-pod",
            ]),
            string.Join('\n', profile.Patterns.Select(Key)));
        var podList = profile.Patterns.Single(p => p.Pattern is { Verb: ApiVerb.List, Resource: "pods", ResourceVersion: "0" });
        Assert.Equal((5L, 1L), (podList.Requests, podList.Relists));
        Assert.Contains(profile.Notes, n => n.Contains("410 Gone", StringComparison.Ordinal));
        Assert.Contains("requests that always failed are not counted as patterns: list pods (node, resourceVersion exact): 410", profile.Notes);
    }

    [Fact]
    public void Build_WatchWithBothStages_CountedOnceAtResponseStarted()
    {
        var profile = ProfileTestRun.Learn(AuditScenarios.NodeAgentUser, AuditScenarios.NodeScopedInformer(minutes: 14).Logs());

        var watch = profile.Patterns.Single(p => p.Pattern is { Verb: ApiVerb.Watch, Resource: "pods" });
        Assert.Equal(8, watch.Requests);
    }

    [Fact]
    public void Build_LegacyTokensWithoutExtra_FallsBackToSourceIpsAndSaysSo()
    {
        var profile = ProfileTestRun.Learn(AuditScenarios.PollerUser, AuditScenarios.ClusterWidePoller(boundTokens: false).Logs());

        Assert.Equal(ClientIdentity.SourceIp, profile.Sample.Identity);
        Assert.Equal(("pod-poller", (string?)null), (profile.Name, profile.Kind));
        Assert.Contains(profile.Notes, n => n.Contains("source IP", StringComparison.Ordinal));
        Assert.Equal(30, Assert.Single(profile.Patterns).Pattern.PeriodSeconds);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(97)]
    [InlineData(65536)]
    public void Scan_AnyChunkSize_SameProfile(int chunk)
    {
        var logs = AuditScenarios.NodeScopedInformer(minutes: 20).Logs();
        var expected = ProfileTestRun.Learn(AuditScenarios.NodeAgentUser, logs).Patterns.Select(Key);

        var actual = ProfileTestRun.Learn(AuditScenarios.NodeAgentUser, logs, chunk).Patterns.Select(Key);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Scan_MergedOrSplitLogs_SameProfile()
    {
        var log = AuditScenarios.ClusterWidePoller(minutes: 15);

        var merged = ProfileTestRun.Learn(AuditScenarios.PollerUser, [log.Merged()]);
        var split = ProfileTestRun.Learn(AuditScenarios.PollerUser, log.Logs());

        Assert.Equal(merged.Patterns.Select(Key), split.Patterns.Select(Key));
        Assert.Equal(merged.Sample, split.Sample);
    }

    [Fact]
    public void Scan_OtherUsers_CountedForTheUnknownUserAnswer()
    {
        var scanner = ProfileTestRun.Scan("system:serviceaccount:telemetry:nobody", AuditScenarios.ClusterWidePoller(minutes: 10).Logs());

        Assert.Null(scanner.Builder.Build());
        var top = scanner.TopUsers(10).Select(u => u.User).ToList();
        Assert.Equal("system:node:node-a", top[0]);
        Assert.Contains(AuditScenarios.PollerUser, top);
        Assert.Contains("kubernetes-admin", top);
    }

    [Fact]
    public void Scan_BadLines_PositionedAndCounted()
    {
        var log = AuditScenarios.ClusterWidePoller(minutes: 2).Merged();
        var lines = log.Split('\n').ToList();
        lines.Insert(3, "not json at all");
        lines.Insert(8, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\"}");

        var scanner = ProfileTestRun.Scan(AuditScenarios.PollerUser, [string.Join('\n', lines)]);

        Assert.Equal(2, scanner.BadLineCount);
        Assert.Equal([new SourcePosition("apiserver-0.log", 4, 1), new SourcePosition("apiserver-0.log", 9, 1)], scanner.BadLines.Select(b => b.Position));
        Assert.NotNull(scanner.Builder.Build());
    }

    [Fact]
    public void Scan_CutShort_BadLineAfterTheLastWholeLine()
    {
        var scanner = new AuditLogScanner(new ProfileBuilder(AuditScenarios.PollerUser), AuditScenarios.PollerUser);
        var bytes = System.Text.Encoding.UTF8.GetBytes(AuditScenarios.ClusterWidePoller(minutes: 1).Merged());
        scanner.BeginSource("a.log.gz");
        scanner.Feed(bytes.AsSpan(0, bytes.Length / 2));
        var whole = scanner.Lines;

        scanner.EndSource("the gzip stream is truncated");

        var bad = Assert.Single(scanner.BadLines);
        Assert.Equal(new SourcePosition("a.log.gz", (int)whole + 1, 1), bad.Position);
        Assert.Contains("truncated", bad.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_LearnedProfile_ReadBackByThePatternFileLoader()
    {
        var profile = ProfileTestRun.Learn(AuditScenarios.NodeAgentUser, AuditScenarios.NodeScopedInformer().Logs());

        var entry = Assert.Single(DeclaredPatterns.ParseFile(ManifestSource.FromText("learned.yaml", PatternFileWriter.Yaml(profile))));
        var fromJson = Assert.Single(DeclaredPatterns.ParseFile(ManifestSource.FromText("learned.json", PatternFileWriter.Json(profile))));

        Assert.Equal(("node-agent", "telemetry", "DaemonSet"), (entry.Name, entry.Namespace, entry.Kind));
        Assert.Equal(profile.Patterns.Select(p => p.Pattern with { Origin = null }), entry.Patterns.Select(p => p with { Origin = null }));
        Assert.Equal(profile.Patterns.Select(p => p.Pattern with { Origin = null }), fromJson.Patterns.Select(p => p with { Origin = null }));
    }

    [Fact]
    public void Drift_CatalogueMissesAndInvents_Reported()
    {
        var profile = ProfileTestRun.Learn(AuditScenarios.NodeAgentUser, AuditScenarios.NodeScopedInformer(minutes: 20).Logs());
        var predicted = Patterns.Informer(string.Empty, "pods", null, "pods on the node", fieldSelector: "spec.nodeName=$(K8S_NODE_NAME)")
            .Concat(Patterns.Informer(string.Empty, "namespaces", null, "namespace metadata"))
            .Append(new AccessPattern { Verb = ApiVerb.Get, Group = "coordination.k8s.io", Resource = "leases", Scope = PatternScope.Object, PeriodSeconds = 2 })
            .ToList();

        var drift = ProfileDrift.Compare(profile, predicted, "catalogue", "deploy/");

        string Kinds(DriftKind kind) => string.Join(" | ", drift.Findings.Where(f => f.Kind == kind).Select(f => f.Summary));
        Assert.Equal("list pods (node) fieldSelector=spec.nodeName=$(NODE_NAME) | watch pods (node) fieldSelector=spec.nodeName=$(NODE_NAME)", Kinds(DriftKind.Matches));
        Assert.Equal("get leases.coordination.k8s.io (object)", Kinds(DriftKind.Differs));
        Assert.Contains("every 10 s in the log, every 2 s predicted", drift.Findings.Single(f => f.Kind == DriftKind.Differs).Detail, StringComparison.Ordinal);
        Assert.Equal("list namespaces (cluster) | watch namespaces (cluster)", Kinds(DriftKind.Invented));
        Assert.Contains("update leases.coordination.k8s.io (object)", Kinds(DriftKind.Missed), StringComparison.Ordinal);
    }
}
