using System.Text.RegularExpressions;
using Gate.Testing;

namespace Gate.Cli.Tests;

/// <summary>
/// The README's offline examples run as written from the repository root (on the manifests of examples/), with the
/// exit code their comment announces; nothing in them needs a file outside the repository.
/// </summary>
public sealed partial class ReadmeExamplesTests
{
    private static readonly string[] OfflineCommands = ["estimate", "check", "policies", "simulate"];

    public static TheoryData<string> OfflineExamples()
    {
        var data = new TheoryData<string>();
        foreach (var line in ExampleLines().Where(IsOffline))
        {
            data.Add(line);
        }

        return data;
    }

    [Fact]
    public void Readme_Examples_IncludeEveryOfflineCommandOnTheExamplesFolder()
    {
        var offline = ExampleLines().Where(IsOffline).ToList();

        Assert.All(OfflineCommands, c => Assert.Contains(offline, l => l.StartsWith("gate " + c + " ", StringComparison.Ordinal)));
        Assert.All(ExampleLines(), l => Assert.DoesNotContain("../", l, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OfflineExamples))]
    public async Task Run_ReadmeExample_ExitsAsItsCommentSays(string line)
    {
        var output = Path.Combine(Path.GetTempPath(), "gate-readme-" + Guid.NewGuid().ToString("N"));
        var (command, expectedExit) = Parse(line);
        // A report file the example writes goes to a scratch folder, not into the repository.
        var args = command.Select((a, i) => i > 0 && command[i - 1] is "-o" or "--output" ? Path.Combine(output, a) : a).ToList();
        Directory.CreateDirectory(output);
        try
        {
            var result = await InProcessGate.RunAsync(args, workingDirectory: RepoPaths.Root);

            Assert.True(expectedExit == result.ExitCode, $"{line}\nexit {result.ExitCode}, expected {expectedExit}\n{result.Error}\n{result.Output}");
            Assert.DoesNotContain("no such file or folder", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The example's arguments (after <c>gate</c>) and the exit code of its <c>(exit N)</c> comment, else 0.</summary>
    private static (string[] Args, int Exit) Parse(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        var comment = hash < 0 ? string.Empty : line[hash..];
        var exit = ExitComment().Match(comment) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var command = (hash < 0 ? line : line[..hash]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (command[1..], exit);
    }

    /// <summary>Commands that need no cluster, Prometheus, stdin or network: estimate/check/policies/simulate without --from-cluster.</summary>
    private static bool IsOffline(string line)
    {
        var args = Parse(line).Args;
        return OfflineCommands.Contains(args[0]) && !args.Contains("--from-cluster") && !args.Contains("-");
    }

    /// <summary>Every line starting with <c>gate </c> in the README's Examples block.</summary>
    private static IEnumerable<string> ExampleLines()
    {
        var readme = File.ReadAllText(RepoPaths.InRepo("README.md"));
        var start = readme.IndexOf("\nExamples", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Examples block");
        var block = readme[readme.IndexOf("```bash", start, StringComparison.Ordinal)..];
        block = block[..block.IndexOf("\n```", 7, StringComparison.Ordinal)];
        return block.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("gate ", StringComparison.Ordinal)).ToList();
    }

    [GeneratedRegex(@"\(exit (\d)\)")]
    private static partial Regex ExitComment();
}
