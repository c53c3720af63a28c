using System.Text.Json;
using Gate.Cli;
using Gate.Core;
using Gate.GitHub.Reports;
using Gate.Testing;

using Gate.Testing.GitHub;

namespace Gate.GitHub.Tests;

/// <summary><c>gate github report</c> end to end: the real command, Octokit and the loopback GitHub API.</summary>
public sealed class GitHubReportCommandTests : GitHubApiTest
{
    private const string Token = "ghs_CommandTestToken0123456789abcdefABCDEF";

    private string SummaryFile => Dir.File("summary.md");

    private string OutputFile => Dir.File("output.txt");

    private Dictionary<string, string?> Environment(bool token = true) => new()
    {
        ["GITHUB_REPOSITORY"] = "gate-dev/gate",
        ["GITHUB_EVENT_PATH"] = TestData.Fixture("pr-event.json"),
        ["GITHUB_SHA"] = "ffffffffffffffffffffffffffffffffffffffff",
        ["GITHUB_API_URL"] = Api.BaseUrl.ToString(),
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_RUN_ID"] = "42",
        ["GITHUB_STEP_SUMMARY"] = SummaryFile,
        ["GITHUB_OUTPUT"] = OutputFile,
        ["GATE_GITHUB_TOKEN"] = token ? Token : null,
    };

    private Task<CliResult> RunAsync(Dictionary<string, string?> env, params string[] args) =>
        InProcessGate.RunAsync(["github", "report", .. args], environment: env, workingDirectory: Dir.Path);

    private static string[] FixtureReports(params string[] labels) => labels.SelectMany(l => new[] { "--report", TestData.Fixture(l + ".json") }).ToArray();

    private Dictionary<string, string> Outputs() => TestData.ReadOutputs(OutputFile);

    [Fact]
    public async Task Report_PullRequestRunTwice_CreatesCommentOnceThenUpdatesIt()
    {
        var sarif = Dir.File("out/gate.sarif");
        var args = FixtureReports("nodes-500", "nodes-5000").Concat(["--sarif-output", sarif]).ToArray();

        var first = await RunAsync(Environment(), args);
        var second = await RunAsync(Environment(), args);

        Assert.Equal(ExitCodes.PolicyViolation, first.ExitCode);
        Assert.Equal(ExitCodes.PolicyViolation, second.ExitCode);
        Assert.Equal("", first.Error);
        var comment = Assert.Single(Api.Comments);
        Assert.Contains("<!-- gate-report:default -->", comment.Body, StringComparison.Ordinal);
        Assert.Contains("<summary>Previous result</summary>", comment.Body, StringComparison.Ordinal);
        Assert.Single(Api.RequestsTo("POST", "/issues/7/comments$"));
        Assert.Single(Api.RequestsTo("PATCH", "/issues/comments/"));
        var checkRuns = Api.RequestsTo("POST", "/check-runs$");
        Assert.Equal(2, checkRuns.Count);
        Assert.Equal(TestData.Sha, (string?)checkRuns[0].Json!["head_sha"]);
        Assert.Equal(5, checkRuns[0].Json!["output"]!["annotations"]!.AsArray().Count);
        Assert.Contains("gate: comment: created comment", first.Output, StringComparison.Ordinal);
        Assert.Contains("gate: comment: updated comment", second.Output, StringComparison.Ordinal);
        Assert.Contains("::error file=deploy/otel-agent/configmap.yaml,line=18,col=9,", first.Output, StringComparison.Ordinal);
        var outputs = Outputs();
        Assert.Equal("fail", outputs["verdict"]);
        Assert.Equal("1799", outputs["max-safe-nodes"]);
        Assert.Equal(sarif, outputs["sarif"]);
        Assert.True(File.Exists(sarif));
        Assert.Contains("## ❌ Gate: DaemonSet cost check failed", File.ReadAllText(SummaryFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ForkPullRequestRefused_DegradesToSummaryAndAnnotationsAndPasses()
    {
        RefuseWrites();

        var result = await RunAsync(Environment(), FixtureReports("nodes-500"));

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Empty(Api.Comments);
        Assert.Contains("::notice title=Gate::Gate could not post the pull request comment: PR comment: GitHub refused (403: Resource not accessible by integration)", result.Output, StringComparison.Ordinal);
        Assert.Contains("::notice title=Gate::Gate could not create the check run", result.Output, StringComparison.Ordinal);
        Assert.Contains("::warning file=deploy/otel-agent/configmap.yaml,line=18,col=9,", result.Output, StringComparison.Ordinal);
        var summary = File.ReadAllText(SummaryFile);
        Assert.StartsWith("> [!NOTE]\n> Gate could not post the pull request comment", summary, StringComparison.Ordinal);
        Assert.Contains("## ✅ Gate: DaemonSet cost check passed", summary, StringComparison.Ordinal);
        Assert.Equal("pass", Outputs()["verdict"]);
    }

    [Fact]
    public async Task Report_RefusedAndPolicyFailed_ExitsOneForThePolicyOnly()
    {
        RefuseWrites();

        var result = await RunAsync(Environment(), FixtureReports("nodes-5000"));

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Report_ServerEchoesCredentials_TokenAppearsNowhere()
    {
        Api.EchoAuthorizationInErrors = true;
        Api.FailNext("comments.create", 403);
        Api.FailNext("checks.create", 422);

        var result = await RunAsync(Environment(), [.. FixtureReports("nodes-5000"), "--verbose"]);

        Assert.Contains(Api.Requests, r => r.Authorization?.Contains(Token, StringComparison.Ordinal) == true);
        Assert.Contains("***", result.Output, StringComparison.Ordinal);
        foreach (var text in new[] { result.Output, result.Error, File.ReadAllText(SummaryFile), File.ReadAllText(OutputFile) }
            .Concat(Api.Requests.Select(r => r.Body)).Concat(Api.Comments.Select(c => c.Body)))
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Report_BadCredentials_ExitsThreeWithOneLineAndNoToken()
    {
        Api.EchoAuthorizationInErrors = true;
        Api.FailNext("comments.list", 401);

        var result = await RunAsync(Environment(), [.. FixtureReports("nodes-500"), "--verbose"]);

        Assert.Equal(ExitCodes.Environment, result.ExitCode);
        Assert.StartsWith("error: GitHub rejected the token (401)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_120FindingsAndHugeMarkdown_BatchesAnnotationsAndKeepsOutputUnderLimits()
    {
        var json = Dir.File("nodes-15000.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(TestData.Generated(120)));
        await File.WriteAllTextAsync(Dir.File("nodes-15000.md"), string.Concat(Enumerable.Repeat("| pattern | list | pods | cluster | 8.4 KB |\n", 6000)));

        var result = await RunAsync(Environment(), "--report", "nodes-15000.json");

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        var create = Assert.Single(Api.RequestsTo("POST", "/check-runs$"));
        var updates = Api.RequestsTo("PATCH", "/check-runs/");
        Assert.Equal([50, 50, 20], new[] { create }.Concat(updates).Select(r => r.Json!["output"]!["annotations"]!.AsArray().Count));
        foreach (var request in new[] { create }.Concat(updates))
        {
            Assert.InRange(((string?)request.Json!["output"]!["text"])!.Length, 1, 65_535);
            Assert.InRange(((string?)request.Json!["output"]!["summary"])!.Length, 1, 65_535);
        }

        Assert.InRange(Assert.Single(Api.Comments).Body.Length, 1, 65_536);
        Assert.Contains("created check run", result.Output, StringComparison.Ordinal);
        Assert.Contains("with 120 annotations in 3 requests", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoToken_SkipsGitHubWritesWithNoticeAndPasses()
    {
        var result = await RunAsync(Environment(token: false), FixtureReports("nodes-500"));

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Empty(Api.Requests);
        Assert.Contains("no GitHub token was given", File.ReadAllText(SummaryFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_CommentAndCheckRunOff_TouchesNoApi()
    {
        var result = await RunAsync(Environment(), [.. FixtureReports("nodes-5000"), "--comment", "false", "--check-run", "false"]);

        Assert.Equal(ExitCodes.PolicyViolation, result.ExitCode);
        Assert.Empty(Api.Requests);
        Assert.Contains("::error ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_MalformedReport_ExitsTwoWithPositionedLine()
    {
        await File.WriteAllTextAsync(Dir.File("bad.json"), "{\n \"schema\": \"gate.check/v1\",\n \"passed\": maybe\n}");

        var result = await RunAsync(Environment(), "--report", "bad.json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: bad.json:3:", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Empty(Api.Requests);
    }

    [Fact]
    public async Task Report_PushEvent_SkipsCommentButCreatesCheckRunOnGitHubSha()
    {
        var env = Environment();
        env["GITHUB_EVENT_PATH"] = null;

        var result = await RunAsync(env, FixtureReports("nodes-500"));

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Contains("comment skipped: this run is not for a pull request", result.Output, StringComparison.Ordinal);
        Assert.Equal("ffffffffffffffffffffffffffffffffffffffff", (string?)Assert.Single(Api.RequestsTo("POST", "/check-runs$")).Json!["head_sha"]);
    }
}
