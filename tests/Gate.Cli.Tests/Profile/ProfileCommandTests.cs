using System.IO.Compression;
using System.Text;
using Gate.Core;
using Gate.Testing;
using Gate.Testing.Audit;

namespace Gate.Cli.Tests.Profile;

public sealed class ProfileCommandTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("gate-profile-");

    public void Dispose() => dir.Delete(recursive: true);

    /// <summary>An in-house DaemonSet the catalogue does not know, with the RBAC its service account is granted.</summary>
    private static string DaemonSet(string name, string rules, string? annotation = null) => $"""
        apiVersion: v1
        kind: ServiceAccount
        metadata: {"{"}name: {name}, namespace: telemetry{"}"}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {"{"}name: {name}{"}"}
        rules:
        {rules}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {"{"}name: {name}{"}"}
        roleRef: {"{"}apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {name}{"}"}
        subjects: [{"{"}kind: ServiceAccount, name: {name}, namespace: telemetry{"}"}]
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: {name}
          namespace: telemetry
        {annotation}
        spec:
          selector: {"{"}matchLabels: {"{"}app: {name}{"}"}{"}"}
          template:
            metadata: {"{"}labels: {"{"}app: {name}{"}"}{"}"}
            spec:
              serviceAccountName: {name}
              containers:
                - name: agent
                  image: registry.example.com/acme/{name}:1.4.2
                  env:
                    - name: NODE_NAME
                      valueFrom: {"{"}fieldRef: {"{"}fieldPath: spec.nodeName{"}"}{"}"}

        """;

    private const string PodRules = "  - {apiGroups: [\"\"], resources: [pods, nodes], verbs: [get, list, watch]}\n  - {apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, update]}";

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteGzip(string name, string text, int? cut = null)
    {
        var bytes = Compress(text);
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllBytes(path, bytes.AsSpan(0, cut ?? bytes.Length).ToArray());
        return path;
    }

    private string[] WriteLogs(AuditLogBuilder log, string stem) =>
        [.. log.Logs().Select((text, i) => Write($"{stem}-apiserver-{i}.log", text))];

    private static string[] Args(string user, IEnumerable<string> logs, params string[] more) =>
        ["profile", "--audit-log", .. logs, "--user", user, .. more];

    [Fact]
    public async Task Profile_TableFormat_MatchesSnapshot()
    {
        var logs = WriteLogs(AuditScenarios.NodeScopedInformer(), "node-agent");

        var result = await GateRun.RunAsync(Args(AuditScenarios.NodeAgentUser, logs, "--format", "table"));

        Assert.Equal((ExitCodes.Pass, string.Empty), (result.ExitCode, result.Error));
        Snapshot.Match(result.Output, "node-agent-table");
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public async Task Profile_PatternFileFormats_MatchSnapshot(string format)
    {
        var logs = WriteLogs(AuditScenarios.ClusterWidePoller(minutes: 30), "poller");

        var result = await GateRun.RunAsync(Args(AuditScenarios.PollerUser, logs, "--format", format));

        Assert.Equal((ExitCodes.Pass, string.Empty), (result.ExitCode, result.Error));
        Snapshot.Match(result.Output, "pod-poller-" + format);
    }

    [Fact]
    public async Task Profile_Against_TableShowsDriftFromTheAnnotation()
    {
        var logs = WriteLogs(AuditScenarios.NodeScopedInformer(minutes: 30), "node-agent");
        var annotation = "  annotations:\n    gate.dev/access-patterns: |\n      - {verb: list, resource: pods, fieldSelector: spec.nodeName=$(NODE_NAME), resourceVersion: \"0\"}\n"
            + "      - {verb: watch, resource: pods, fieldSelector: spec.nodeName=$(NODE_NAME)}\n      - {verb: list, resource: namespaces, periodSeconds: 300}";
        var manifest = Write("node-agent.yaml", DaemonSet("node-agent", PodRules, annotation));

        var result = await GateRun.RunAsync(Args(AuditScenarios.NodeAgentUser, logs, "--against", manifest, "--format", "table"));

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Snapshot.Match(result.Output, "node-agent-drift-table");
    }

    [Fact]
    public async Task Profile_GzipPlainAndStdin_SamePatternFile()
    {
        var log = AuditScenarios.ClusterWidePoller(minutes: 20);
        var texts = log.Logs();
        var plain = await GateRun.RunAsync(Args(AuditScenarios.PollerUser, WriteLogs(log, "poller")));
        var gzip = await GateRun.RunAsync(Args(AuditScenarios.PollerUser, texts.Select((t, i) => WriteGzip($"poller-{i}.log.gz", t))));
        var stdin = await GateRun.RunWithInputBytesAsync(
            Compress(texts[0]),
            Args(AuditScenarios.PollerUser, ["-", WriteGzip("poller-1.log.gz", texts[1]), Write("poller-2.log", texts[2])]));

        Assert.Equal((ExitCodes.Pass, string.Empty), (plain.ExitCode, plain.Error));
        Assert.Contains("scope: cluster", plain.Output, StringComparison.Ordinal);
        Assert.Contains("periodSeconds: 30", plain.Output, StringComparison.Ordinal);
        Assert.Equal(plain.Output, gzip.Output);
        Assert.Equal(plain.Output, stdin.Output);
    }

    private static byte[] Compress(string text)
    {
        using var compressed = new MemoryStream();
        using (var z = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(Encoding.UTF8.GetBytes(text));
        }

        return compressed.ToArray();
    }

    [Fact]
    public async Task Profile_TruncatedGzip_WarnsWhereItEndsAndLearnsTheRest()
    {
        var text = AuditScenarios.ClusterWidePoller(minutes: 20).Merged();
        var whole = Compress(text).Length;
        var path = WriteGzip("cut.log.gz", text, cut: whole * 2 / 3);

        var result = await GateRun.RunAsync(Args(AuditScenarios.PollerUser, [path]));

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Matches(@"^warning: .*cut\.log\.gz:\d+: the gzip stream ends early \(truncated file\); the events before this line were read\n$", result.Error);
        Assert.Contains("periodSeconds: 30", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_FewBadLines_PositionedWarnings()
    {
        var lines = AuditScenarios.ClusterWidePoller(minutes: 5).Merged().Split('\n').ToList();
        lines.Insert(1, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"stage\":\"ResponseComplete\"}");
        lines.Insert(5, "E1130 10:00:01.000000       1 cacher.go:470] not an event");
        var path = Write("bad.log", string.Join('\n', lines));

        var result = await GateRun.RunAsync(Args(AuditScenarios.PollerUser, [path]));

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        var warnings = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, warnings.Length);
        Assert.EndsWith("bad.log:2: an event of apiVersion 'audit.k8s.io/v1beta1'; gate profile reads audit.k8s.io/v1 events (the log backend's format)", warnings[0], StringComparison.Ordinal);
        Assert.Contains("bad.log:6: not a JSON audit event", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_MostLinesBad_Exit2()
    {
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => $"I1130 10:00:{i:00}.000000 1 httplog.go:132] \"HTTP\" verb=\"LIST\" URI=\"/api/v1/pods\"\n"));
        var path = Write("klog.log", text + AuditScenarios.ClusterWidePoller(minutes: 1).Merged()[..2000].Split('\n')[0] + "\n");

        var result = await GateRun.RunAsync(Args(AuditScenarios.PollerUser, [path]));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("klog.log:1:1: 50 of 51 lines are not audit.k8s.io/v1 events: not a JSON audit event", result.Error, StringComparison.Ordinal);
        Assert.Contains("--audit-log-path", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_LongNonAuditFileBeforeALog_StopsEarlyWithExit2()
    {
        var text = string.Concat(Enumerable.Range(0, 12_000).Select(i => $"{{\"ts\":{i},\"msg\":\"not an audit event\"}}\n"));
        var logs = new[] { Write("app.json", text) }.Concat(WriteLogs(AuditScenarios.ClusterWidePoller(minutes: 5), "poller"));

        var result = await GateRun.RunAsync(Args(AuditScenarios.PollerUser, logs));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Matches(@"app\.json:1:1: 12,000 of 12,000 lines are not audit\.k8s\.io/v1 events: an event without user", result.Error);
    }

    [Fact]
    public async Task Profile_UnknownUser_Exit2NamingTheTopUsers()
    {
        var logs = WriteLogs(AuditScenarios.ClusterWidePoller(minutes: 5), "poller");

        var result = await GateRun.RunAsync(Args("system:serviceaccount:telemetry:pod-pollr", logs));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no requests of system:serviceaccount:telemetry:pod-pollr in", result.Error, StringComparison.Ordinal);
        Assert.Contains($"(users with the most requests: {AuditScenarios.PollerUser} (140), system:node:node-a (120), system:node:node-b (120), ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPatterns_ClusterWidePollerAt5000Nodes_Fails()
    {
        var patterns = Path.Combine(dir.FullName, "poller.patterns.yaml");
        var profile = await GateRun.RunAsync(Args(AuditScenarios.PollerUser, WriteLogs(AuditScenarios.ClusterWidePoller(), "poller"), "-o", patterns));
        var manifest = Write("pod-poller.yaml", DaemonSet("pod-poller", PodRules));

        var check = await GateRun.RunAsync("check", manifest, "--patterns", patterns, "--nodes", "5000", "--format", "json");

        Assert.Equal((ExitCodes.Pass, string.Empty), (profile.ExitCode, profile.Output));
        Assert.Equal(ExitCodes.PolicyViolation, check.ExitCode);
        Assert.Contains("\"patternSource\": \"declared\"", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPatterns_NodeScopedInformerAt5000Nodes_Passes()
    {
        var patterns = Path.Combine(dir.FullName, "node-agent.patterns.json");
        var profile = await GateRun.RunAsync(Args(AuditScenarios.NodeAgentUser, WriteLogs(AuditScenarios.NodeScopedInformer(), "node-agent"), "--format", "json", "-o", patterns));
        var manifest = Write("node-agent.yaml", DaemonSet("node-agent", PodRules));

        var check = await GateRun.RunAsync("check", manifest, "--patterns", patterns, "--nodes", "5000", "--format", "json");

        Assert.Equal(ExitCodes.Pass, profile.ExitCode);
        Assert.Equal(string.Empty, check.Error);
        Assert.Equal(ExitCodes.Pass, check.ExitCode);
        Assert.Contains("\"patternSource\": \"declared\"", check.Output, StringComparison.Ordinal);
    }
}
