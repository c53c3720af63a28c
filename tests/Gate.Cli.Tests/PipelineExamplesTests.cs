using System.Text.RegularExpressions;
using Gate.Testing;

namespace Gate.Cli.Tests;

/// <summary>
/// The pipeline examples for other CIs (docs/examples/ci: GitLab CI, Azure Pipelines, Jenkins): every gate command
/// line in them runs as written through the real command tree, on this repository's example agents in place of the
/// user's <c>deploy/</c>: the fixed agent passes, the O(N²) one fails the step with exit 1, the SARIF file is written.
/// </summary>
public sealed partial class PipelineExamplesTests
{
    public static TheoryData<string, string, int> Runs()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var file in new[] { "gitlab-ci.yml", "azure-pipelines.yml", "Jenkinsfile" })
        {
            data.Add(file, "examples/otel-agent-fixed", 0);
            data.Add(file, "examples/otel-agent-quadratic", 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Example_GateCommands_RunAsWrittenWithTheExitCodeOfTheVerdict(string file, string manifests, int expected)
    {
        var text = await File.ReadAllTextAsync(RepoPaths.InRepo("docs", "examples", "ci", file));
        var commands = CheckCommand().Matches(text).Select(m => m.Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var output = Directory.CreateTempSubdirectory("gate-ci-example-").FullName;
        try
        {
            Assert.Equal(2, commands.Count);
            foreach (var command in commands)
            {
                var args = command.Select((a, i) => a == "deploy/" ? manifests : i > 0 && command[i - 1] == "--output" ? Path.Combine(output, Path.GetFileName(a)) : a).ToList();
                var result = await InProcessGate.RunAsync(args, workingDirectory: RepoPaths.Root);

                Assert.True(expected == result.ExitCode, $"{file}: gate {string.Join(' ', command)} exited {result.ExitCode}\n{result.Error}");
            }

            Assert.Contains("\"version\": \"2.1.0\"", await File.ReadAllTextAsync(Path.Combine(output, "gate.sarif")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary><c>check deploy/ …</c> up to a <c>||</c>, a line continuation or the end of the line.</summary>
    [GeneratedRegex(@"\bcheck deploy/[^|\\\n']*")]
    private static partial Regex CheckCommand();
}
