using System.Text.Json;
using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Estimate;

public class EstimateCommandTests
{
    public static TheoryData<string, string, string, string> Snapshots() => new()
    {
        { "check", "otel-k8sattributes-cluster", "1000", "markdown" },
        { "check", "otel-k8sattributes-node-filter", "5000", "sarif" },
        { "check", "falco-legacy-k8s-client", "15000", "github" },
        { "check", "vector-kubernetes-logs", "15000", "json" },
        { "check", "promtail-sd-attach-node", "5000", "table" },
        { "estimate", "fluent-bit-kubernetes-filter", "1000", "json" },
        { "estimate", "custom-poller-declared", "5000", "markdown" },
        { "estimate", "node-exporter", "100", "table" },
    };

    [Theory]
    [MemberData(nameof(Snapshots))]
    public async Task Run_CorpusCase_OutputMatchesSnapshot(string command, string name, string nodes, string format)
    {
        var result = await CorpusRun.RunAsync(command, name, "--nodes", nodes, "--format", format);

        Assert.Equal(string.Empty, result.Error);
        Snapshot.Match(result.Output, $"{command}.{name}.{nodes}.{format}");
    }

    [Fact]
    public async Task Estimate_FlaggedCase_ExitsZero()
    {
        var result = await CorpusRun.RunAsync("estimate", "otel-k8sattributes-cluster", "--profile", "xlarge", "--format", "json");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        Assert.Equal("gate.estimate/v1", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal(15000, doc.RootElement.GetProperty("cluster").GetProperty("nodes").GetInt32());
        Assert.True(doc.RootElement.GetProperty("workloads")[0].GetProperty("cost").GetProperty("bytesPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task Check_FailOnWarning_WarningOnlyCaseFails()
    {
        var lenient = await CorpusRun.RunAsync("check", "vector-kubernetes-logs", "--nodes", "15000");
        var strict = await CorpusRun.RunAsync("check", "vector-kubernetes-logs", "--nodes", "15000", "--fail-on", "warning");

        Assert.Equal(ExitCodes.Pass, lenient.ExitCode);
        Assert.Equal(ExitCodes.PolicyViolation, strict.ExitCode);
    }

    [Fact]
    public async Task Check_OutputFile_WritesReportAndKeepsExitCode()
    {
        var dir = Directory.CreateTempSubdirectory("gate-check-");
        try
        {
            var report = Path.Combine(dir.FullName, "report.sarif");
            var result = await CorpusRun.RunAsync("check", "otel-k8sattributes-cluster", "--nodes", "5000", "--format", "sarif", "--output", report);

            Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
            Assert.Equal(string.Empty, result.Output);
            using var doc = JsonDocument.Parse(File.ReadAllText(report));
            Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Check_PolicyFileAllowsFinding_PassesWithSuppressedFinding()
    {
        var dir = Directory.CreateTempSubdirectory("gate-policy-");
        try
        {
            var policy = File.ReadAllText(RepoPaths.InRepo("policies", "default.yaml"))
                .Replace("allow: []", "allow:\n  - rule: GATE103\n    workload: observability/*\n    reason: staged rollout accepted", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir.FullName, "policy.yaml"), policy);

            var result = await CorpusRun.RunAsync("check", "otel-k8sattributes-node-filter", "--nodes", "5000", "--policy", Path.Combine(dir.FullName, "policy.yaml"), "--format", "json");

            Assert.Equal(ExitCodes.Pass, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Output);
            var finding = doc.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "GATE103");
            Assert.True(finding.GetProperty("suppressed").GetBoolean());
            Assert.Equal("staged rollout accepted", finding.GetProperty("suppressionReason").GetString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Check_InvalidPolicyFile_ExitsTwoWithPositionedLine()
    {
        var dir = Directory.CreateTempSubdirectory("gate-policy-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "bad.yaml"), "apiVersion: gate.dev/v1\nkind: Policy\nname: bad\nbudgets:\n  - readShare: many\n    startupBurstSeconds: 120\n");

            var result = await CorpusRun.RunInAsync(dir.FullName, "check", RepoPaths.Corpus + "/node-exporter", "--policy", "bad.yaml");

            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
            Assert.StartsWith("error: bad.yaml:5:16: /budgets/0/readShare", line, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("estimate", "node-exporter", "--from-cluster", "--kubeconfig", "no-such-kubeconfig")]
    [InlineData("check", "node-exporter", "--nodes", "100", "--profile", "small")]
    [InlineData("estimate", "node-exporter", "--profile", "gigantic")]
    [InlineData("check", "no-such-case", "--nodes", "100")]
    public async Task Run_BadInput_ExitsTwoWithOneLine(params string[] args)
    {
        var result = await CorpusRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Stdin_ReadsManifests()
    {
        var text = string.Join("\n---\n", Directory.GetFiles(Path.Combine(RepoPaths.Corpus, "otel-k8sattributes-cluster"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText));

        var result = await GateRun.RunWithInputAsync(text, "check", "-", "--nodes", "1000", "--format", "github");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.Contains("::error title=GATE102 read-bytes-budget::", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("file=", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_StdinWithInvalidUtf8_ExitsUsageWithPositionedLine()
    {
        byte[] stdin = [.. "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: caf"u8, 0xE9, .. "\n"u8];

        var result = await GateRun.RunWithInputBytesAsync(stdin, "estimate", "-");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("-:4:12: invalid UTF-8 at byte 57", line, StringComparison.Ordinal);
    }
}
