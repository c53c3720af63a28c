using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Testing;
using Gate.Testing.GitHub;
using Gate.Testing.Otlp;

namespace Gate.Native.Tests;

/// <summary>
/// The native gate with the other systems it talks to, all on loopback: the GitHub API through Octokit (whose models
/// are filled by reflection), the OTLP exporter, and the ASP.NET Core analysis endpoint of <c>gate serve</c>.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed partial class ServiceCommandTests(NativeGate gate) : IDisposable
{
    private const string GitHubToken = "ghs_NativeTestToken0123456789abcdefABCDEF";
    private const string ServeToken = "serve-token-native-3c9d";
    private readonly string directory = Directory.CreateTempSubdirectory("gate-native-services-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task GitHubReport_CheckReportOfTheCorpus_CommentsOnThePullRequestAndCreatesACheckRun()
    {
        await using var api = await FakeGitHubApi.StartAsync();
        var report = Path.Combine(directory, "check.json");
        var sarif = Path.Combine(directory, "gate.sarif");
        var eventFile = Path.Combine(directory, "event.json");
        await File.WriteAllTextAsync(eventFile, """{"number":7,"pull_request":{"number":7,"head":{"sha":"0123456789abcdef0123456789abcdef01234567"}},"repository":{"full_name":"gate-dev/gate"}}""");
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_REPOSITORY"] = "gate-dev/gate",
            ["GITHUB_EVENT_PATH"] = eventFile,
            ["GITHUB_SHA"] = "ffffffffffffffffffffffffffffffffffffffff",
            ["GITHUB_API_URL"] = api.BaseUrl.ToString(),
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_RUN_ID"] = "42",
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(directory, "summary.md"),
            ["GITHUB_OUTPUT"] = Path.Combine(directory, "output.txt"),
            ["GATE_GITHUB_TOKEN"] = GitHubToken,
        };

        var check = await gate.RunAsync(["check", RepoPaths.Corpus, "--nodes", "5000", "--format", "json", "--output", report]);
        await gate.RunAsync(["check", RepoPaths.Corpus, "--nodes", "5000", "--format", "sarif", "--output", Path.ChangeExtension(report, ".sarif")]);
        await gate.RunAsync(["check", RepoPaths.Corpus, "--nodes", "5000", "--format", "markdown", "--output", Path.ChangeExtension(report, ".md")]);
        var first = await gate.RunAsync(["github", "report", "--report", report, "--sarif-output", sarif], env);
        var second = await gate.RunAsync(["github", "report", "--report", report, "--sarif-output", sarif], env);

        Assert.Equal(ExitCodes.PolicyViolation, check.ExitCode);
        Assert.True(first.ExitCode == ExitCodes.PolicyViolation, $"exit {first.ExitCode}\n{first.Output}\n{first.Error}");
        Assert.Equal(string.Empty, first.Error);
        var comment = Assert.Single(api.Comments);
        Assert.Contains("<!-- gate-report:default -->", comment.Body, StringComparison.Ordinal);
        Assert.Single(api.RequestsTo("POST", "/issues/7/comments$"));
        Assert.Single(api.RequestsTo("PATCH", "/issues/comments/"));
        Assert.Equal(2, api.RequestsTo("POST", "/check-runs$").Count);
        Assert.Contains("gate: comment: updated comment", second.Output, StringComparison.Ordinal);
        Assert.All(api.Requests, r => Assert.Equal("Token " + GitHubToken, r.Authorization));
        Assert.DoesNotContain(GitHubToken, first.Output + first.Error + second.Output + second.Error, StringComparison.Ordinal);
        Assert.Contains("\"runs\"", await File.ReadAllTextAsync(sarif), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OtlpEndpointSet_ExportsCheckSpansAndMetrics()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var env = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "gate-native-under-test",
        };

        var result = await gate.RunAsync(["check", Path.Combine(RepoPaths.Corpus, "otel-k8sattributes-cluster"), "--nodes", "5000", "--format", "json"], env);

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        var root = Assert.Single(receiver.Spans, s => s.Name == "gate check");
        var check = Assert.Single(receiver.Spans, s => s.Name == "gate.check");
        Assert.Equal(root.SpanId, check.ParentSpanId);
        Assert.Equal("observability/otel-agent", check.Attributes[GateAttributes.Workload]);
        Assert.Equal("fail", check.Attributes[GateAttributes.Verdict]);
        Assert.Equal("5000", check.Attributes[GateAttributes.Nodes]);
        Assert.Contains(receiver.MetricPoints, p => p.Name == "gate.check.findings" && p.Attributes.GetValueOrDefault(GateAttributes.Severity) == "error" && p.Value >= 1);
    }

    [Fact]
    public async Task Serve_RealPrometheus_AnswersProbesRefusesAWrongTokenAndJudges()
    {
        await using var prometheus = await PrometheusServer.StartAsync([]);
        using var process = gate.Start(
            ["serve", "--listen", "127.0.0.1:0", "--prometheus", prometheus.Address.ToString()],
            new Dictionary<string, string?> { ["GATE_SERVE_TOKEN"] = ServeToken });
        try
        {
            var address = await ListeningAddressAsync(process);
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

            using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            using var refused = await http.GetAsync(new Uri("/api/v1/analysis?namespace=monitoring&workload=node-agent", UriKind.Relative));
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/analysis", UriKind.Relative))
            {
                Content = new StringContent("""{"namespace":"monitoring","workload":"node-agent","stage":"canary"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeToken);
            using var judged = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("missing or wrong bearer token", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, judged.StatusCode);
            Assert.Matches("\"verdict\":\"(pass|fail|inconclusive)\"", await judged.Content.ReadAsStringAsync());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<Uri> ListeningAddressAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } m)
            {
                return new Uri(m.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("gate serve exited before it listened: exit code " + (process.HasExited ? process.ExitCode : -1));
    }

    [GeneratedRegex(@"listening on (http://[^/]+/)")]
    private static partial Regex ListeningLine();
}
