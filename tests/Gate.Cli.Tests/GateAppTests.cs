using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests;

public class GateAppTests
{
    [Fact]
    public async Task RunAsync_Version_PrintsSemanticVersionAndExitsZero()
    {
        var result = await GateRun.RunAsync("--version");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output.Trim());
    }

    [Fact]
    public async Task RunAsync_Help_ListsEveryCommand()
    {
        var result = await GateRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        foreach (var command in new[] { "estimate", "check", "rollout", "status", "promote", "abort", "rollback", "analyze", "serve", "simulate", "demo", "profile", "policies", "github" })
        {
            Assert.Contains("  " + command, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_Help_MatchesSnapshot()
    {
        var result = await GateRun.RunAsync("--help");

        Snapshot.Match(result.Output, "root-help");
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("estimate")]
    [InlineData("estimate", "a.yaml", "--format", "xml")]
    [InlineData("estimate", "a.yaml", "--nodes", "0")]
    [InlineData("estimate", "a.yaml", "--nodes", "many")]
    [InlineData("rollout")]
    [InlineData("check", "a.yaml", "--fail-on", "info")]
    public async Task RunAsync_BadUsage_PrintsOneLineAndExitsTwo(params string[] args)
    {
        var result = await GateRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var lines = result.Error.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("--help", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Error, StringComparison.Ordinal);
    }
}
