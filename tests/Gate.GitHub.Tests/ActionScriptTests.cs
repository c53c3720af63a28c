using System.Diagnostics;
using Gate.Testing;

using Gate.Testing.GitHub;

namespace Gate.GitHub.Tests;

/// <summary>
/// Runs the Action's own shell steps (action/*.sh) with bash in a simulated GitHub Actions environment: event
/// payload, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the real gate tool on PATH and the loopback GitHub API.
/// </summary>
public sealed class ActionScriptTests : GitHubApiTest
{
    private const string Token = "ghs_ScriptTestToken0123456789abcdefABCDEF";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Dir.File("bin"));
        Directory.CreateDirectory(ReportDir);
        // The real gate tool of this build, launched through the dotnet host as the installed tool would be.
        var launcher = Dir.File("bin/gate");
        await File.WriteAllTextAsync(launcher, $"#!/usr/bin/env bash\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "gate.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string ReportDir => Dir.File("reports");

    private string OutputFile => Dir.File("github_output");

    private string SummaryFile => Dir.File("step_summary.md");

    private void StageReports(params string[] labels)
    {
        foreach (var label in labels)
        {
            foreach (var ext in new[] { ".json", ".md", ".sarif" })
            {
                File.Copy(TestData.Fixture(label + ext), Path.Combine(ReportDir, label + ext), overwrite: true);
            }
        }

        File.WriteAllText(Path.Combine(ReportDir, "runs.txt"), string.Join('\n', labels) + "\n");
    }

    private async Task<CliResult> RunScriptAsync(string script, Dictionary<string, string> inputs)
    {
        var start = new ProcessStartInfo("bash", [RepoPaths.InRepo("action", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Dir.Path,
        };
        start.Environment["PATH"] = Dir.File("bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["GITHUB_ACTIONS"] = "true";
        start.Environment["GITHUB_REPOSITORY"] = "gate-dev/gate";
        start.Environment["GITHUB_EVENT_NAME"] = "pull_request";
        start.Environment["GITHUB_EVENT_PATH"] = TestData.Fixture("pr-event.json");
        start.Environment["GITHUB_SHA"] = "ffffffffffffffffffffffffffffffffffffffff";
        start.Environment["GITHUB_API_URL"] = Api.BaseUrl.ToString();
        start.Environment["GITHUB_OUTPUT"] = OutputFile;
        start.Environment["GITHUB_STEP_SUMMARY"] = SummaryFile;
        start.Environment["GITHUB_WORKSPACE"] = Dir.Path;
        start.Environment["RUNNER_TEMP"] = Dir.File("runner-temp");
        start.Environment["GATE_REPORT_DIR"] = ReportDir;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("GITHUB_TOKEN");
        start.Environment.Remove("GATE_GITHUB_TOKEN");
        foreach (var (name, value) in inputs)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task ReportScript_PolicyFailedOnPullRequest_PublishesWritesOutputsAndFailsTheStep()
    {
        StageReports("nodes-500", "nodes-5000");

        var result = await RunScriptAsync("report.sh", new() { ["GATE_GITHUB_TOKEN"] = Token, ["GATE_FAIL_ON"] = "error", ["GATE_COMMENT_KEY"] = "prod" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("::error title=Gate::The DaemonSet cost policy check failed", result.Output, StringComparison.Ordinal);
        var outputs = TestData.ReadOutputs(OutputFile);
        Assert.Equal("fail", outputs["verdict"]);
        Assert.Equal("1799", outputs["max-safe-nodes"]);
        Assert.Equal(Path.Combine(ReportDir, "gate.sarif"), outputs["sarif"]);
        Assert.Equal(Path.Combine(ReportDir, "report.md"), outputs["report"]);
        Assert.Equal(ReportDir, outputs["report-dir"]);
        Assert.True(File.Exists(outputs["sarif"]));
        var summary = await File.ReadAllTextAsync(SummaryFile);
        Assert.Contains("## ❌ Gate: DaemonSet cost check failed", summary, StringComparison.Ordinal);
        Assert.Contains("```mermaid", summary, StringComparison.Ordinal);
        Assert.Equal(summary, await File.ReadAllTextAsync(outputs["report"]));
        Assert.Contains("<!-- gate-report:prod -->", Assert.Single(Api.Comments).Body, StringComparison.Ordinal);
        Assert.Single(Api.RequestsTo("POST", "/check-runs$"));
        Assert.DoesNotContain(Token, result.Output + result.Error + summary + await File.ReadAllTextAsync(OutputFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportScript_FailOnNever_ReportsButPasses()
    {
        StageReports("nodes-5000");

        var result = await RunScriptAsync("report.sh", new() { ["GATE_GITHUB_TOKEN"] = Token, ["GATE_FAIL_ON"] = "never", ["GATE_COMMENT"] = "false", ["GATE_CHECK_RUN"] = "false" });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("fail-on is 'never'", result.Output, StringComparison.Ordinal);
        Assert.Equal("fail", TestData.ReadOutputs(OutputFile)["verdict"]);
        Assert.Empty(Api.Requests);
    }

    [Fact]
    public async Task ReportScript_InjectedBooleanInput_FailsWithOneEscapedLine()
    {
        StageReports("nodes-500");

        var result = await RunScriptAsync("report.sh", new() { ["GATE_COMMENT"] = "yes\n::warning::injected" });

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("::error title=Gate::input 'comment' must be true or false, got 'yes%0A::warning::injected'", result.Output.Trim());
        Assert.Empty(Api.Requests);
    }

    [Fact]
    public async Task ReportScript_NoReports_FailsWithEnvironmentError()
    {
        var result = await RunScriptAsync("report.sh", []);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("::error title=Gate::no reports in ", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GATE_NODES", "500 5k", "input 'nodes' must be whole numbers separated by spaces or commas, got '5k'")]
    [InlineData("GATE_NODES", "500;rm -rf /", "input 'nodes' must be whole numbers separated by spaces or commas, got '500;rm'")]
    [InlineData("GATE_FAIL_ON", "sometimes", "input 'fail-on' must be error, warning or never, got 'sometimes'")]
    [InlineData("GATE_PATHS", " \n ", "input 'paths' is empty: give manifest files or folders, one per line")]
    public async Task CheckScript_BadInput_FailsWithOneAnnotationAndExitTwo(string variable, string value, string message)
    {
        var inputs = new Dictionary<string, string> { ["GATE_PATHS"] = "deploy/", [variable] = value };

        var result = await RunScriptAsync("check.sh", inputs);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("::error title=Gate::" + message, result.Output.Trim());
        Assert.False(File.Exists(Path.Combine(ReportDir, "runs.txt")));
    }

    [Fact]
    public async Task CheckScript_PathThatLooksLikeAnOption_IsCheckedAsAPath()
    {
        // A pull request controls its file names: a folder named like an option must be read, not parsed as one.
        var folder = Dir.File("--policy=evil.yaml");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(RepoPaths.InRepo("examples", "fluent-bit-agent")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var result = await RunScriptAsync("check.sh", new() { ["GATE_PATHS"] = "--policy=evil.yaml", ["GATE_NODES"] = "1000" });

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("fluent-bit", await File.ReadAllTextAsync(Path.Combine(ReportDir, "nodes-1000.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulateScript_QuadraticAgent_WritesTheHtmlPageAndItsOutput()
    {
        var result = await RunScriptAsync("simulate.sh", new() { ["GATE_PATHS"] = RepoPaths.InRepo("examples", "otel-agent-quadratic"), ["GATE_HTML_NODES"] = "100" });

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var page = Path.Combine(ReportDir, "gate-report.html");
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
        Assert.Contains("html-report<<gate_", await File.ReadAllTextAsync(OutputFile), StringComparison.Ordinal);
        Assert.Contains(page, await File.ReadAllTextAsync(OutputFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulateScript_NoDaemonSet_NoticeAndNoPageButStepPasses()
    {
        var folder = Dir.File("deployment-only");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "d.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: nginx}]\n");

        var result = await RunScriptAsync("simulate.sh", new() { ["GATE_PATHS"] = folder });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("::notice title=Gate::No HTML report: gate simulate exited 2", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ReportDir, "gate-report.html")));
    }

    [Fact]
    public async Task InstallScript_BinaryWithMatchingSha256_InstallsItAndPutsItOnThePath()
    {
        var binary = Dir.File("bin/gate");
        var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(binary)));

        var result = await RunScriptAsync("install.sh", Install(new Uri(binary).AbsoluteUri, sha));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(binary), await File.ReadAllBytesAsync(Dir.File("runner-temp/gate-tool/gate")));
        Assert.Equal(Dir.File("runner-temp/gate-tool"), (await File.ReadAllTextAsync(Dir.File("github_path"))).Trim());
        Assert.Matches(@"(?m)^\d+\.\d+\.\d+", result.Output);
    }

    [Fact]
    public async Task InstallScript_BinaryWithOtherSha256_RefusedAndNothingInstalled()
    {
        var binary = Dir.File("bin/gate");
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(binary)));
        var expected = new string('0', 64);

        var result = await RunScriptAsync("install.sh", Install(new Uri(binary).AbsoluteUri, expected));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"::error title=Gate::the file at binary-url has SHA-256 {actual}, not binary-sha256 {expected}: not installed", result.Output.Split('\n')[^2]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Dir.File("runner-temp/gate-tool")));
        Assert.False(File.Exists(Dir.File("github_path")));
    }

    [Theory]
    [InlineData("http://example.invalid/gate", "input 'binary-url' must be an https:// (or file://) URL of a gate executable, got 'http://example.invalid/gate'")]
    [InlineData("", "input 'binary-url' must be an https:// (or file://) URL of a gate executable, got ''")]
    [InlineData("https://example.invalid/gate", "input 'binary-sha256' must be the 64 hex digits of the SHA-256 of the file at binary-url")]
    public async Task InstallScript_BadBinaryInput_FailsWithOneAnnotationAndExitTwo(string url, string message)
    {
        var result = await RunScriptAsync("install.sh", Install(url, url.Length == 0 ? new string('a', 64) : "abc"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("::error title=Gate::" + message, result.Output.Trim());
        Assert.False(Directory.Exists(Dir.File("runner-temp/gate-tool")));
    }

    [Fact]
    public async Task InstallScript_PackageSource_InstallsFromThatSourceOnly()
    {
        // A dotnet in front of the real one: records `dotnet tool install` (and its nuget.config), passes the rest on.
        var record = Dir.File("record");
        Directory.CreateDirectory(record);
        var fake = Dir.File("bin/dotnet");
        await File.WriteAllTextAsync(fake, $$"""
            #!/usr/bin/env bash
            if [ "$1" = tool ]; then
              printf '%s\n' "$@" > "{{record}}/args"
              prev=; for a in "$@"; do
                [ "$prev" = --configfile ] && cp "$a" "{{record}}/nuget.config"
                [ "$prev" = --tool-path ] && mkdir -p "$a" && cp "{{Dir.File("bin/gate")}}" "$a/gate"
                prev="$a"
              done
              exit 0
            fi
            PATH="${PATH#*:}" exec dotnet "$@"
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var feed = Dir.File("feed & co");
        var result = await RunScriptAsync("install.sh", new() { ["GATE_VERSION"] = "1.2.3", ["GATE_PACKAGE_SOURCE"] = feed, ["GITHUB_PATH"] = Dir.File("github_path") });

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var args = await File.ReadAllLinesAsync(Path.Combine(record, "args"));
        Assert.DoesNotContain("--add-source", args);
        Assert.Contains("--configfile", args);
        var config = System.Xml.Linq.XDocument.Load(Path.Combine(record, "nuget.config"));
        var sources = config.Root!.Element("packageSources")!.Elements().ToList();
        Assert.Equal("clear", sources[0].Name.LocalName);
        Assert.Equal([feed], sources.Skip(1).Select(e => e.Attribute("value")!.Value));
    }

    private Dictionary<string, string> Install(string url, string sha) =>
        new() { ["GATE_BINARY_URL"] = url, ["GATE_BINARY_SHA256"] = sha, ["GITHUB_PATH"] = Dir.File("github_path") };
}
