using System.Text.RegularExpressions;
using Gate.Testing;
using YamlDotNet.RepresentationModel;

namespace Gate.GitHub.Tests;

/// <summary>Static checks of action/action.yml: injection-safe steps, documented inputs and outputs.</summary>
public partial class ActionDefinitionTests
{
    private static readonly Lazy<YamlMappingNode> Action = new(() =>
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepoPaths.InRepo("action", "action.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    private static IEnumerable<YamlMappingNode> Steps() =>
        ((YamlSequenceNode)Map(Action.Value, "runs").Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>();

    private static string AllText => File.ReadAllText(RepoPaths.InRepo("action", "action.yml"));

    [Fact]
    public void Action_IsCompositeWithNameDescriptionAndBranding()
    {
        Assert.Equal("composite", Scalar(Map(Action.Value, "runs"), "using"));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(Action.Value, "name")));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(Action.Value, "description")));
        var branding = Map(Action.Value, "branding");
        Assert.False(string.IsNullOrWhiteSpace(Scalar(branding, "icon")));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(branding, "color")));
    }

    [Fact]
    public void RunSteps_NeverInterpolateExpressionsIntoShell()
    {
        var runs = Steps().Select(s => Scalar(s, "run")).OfType<string>().ToList();

        Assert.NotEmpty(runs);
        Assert.All(runs, run => Assert.DoesNotContain("${{", run, StringComparison.Ordinal));
    }

    [Fact]
    public void Uses_PinnedByCommitSha()
    {
        var uses = Steps().Select(s => Scalar(s, "uses")).OfType<string>().ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.Matches("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+@[0-9a-f]{40}$", u));
    }

    [Fact]
    public void RunSteps_UseBashAndScriptsThatExist()
    {
        foreach (var step in Steps().Where(s => Scalar(s, "run") is not null))
        {
            Assert.Equal("bash", Scalar(step, "shell"));
            var script = ScriptReference().Match(Scalar(step, "run")!);
            Assert.True(script.Success, Scalar(step, "run"));
            Assert.True(File.Exists(RepoPaths.InRepo("action", script.Groups[1].Value)), script.Groups[1].Value);
        }
    }

    [Fact]
    public void Inputs_AreEachDescribedUsedThroughEnvOrWithAndDocumented()
    {
        var docs = File.ReadAllText(RepoPaths.InRepo("docs", "github-action.md"));
        var inputs = Map(Action.Value, "inputs");
        Assert.NotEmpty(inputs.Children);
        foreach (var (key, value) in inputs.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            Assert.False(string.IsNullOrWhiteSpace(Scalar((YamlMappingNode)value, "description")), $"input {name} has no description");
            Assert.Contains($"inputs.{name} }}}}", AllText, StringComparison.Ordinal);
            Assert.Contains($"| `{name}` |", docs, StringComparison.Ordinal);
        }

        // Inputs reach steps only as env: or with: values, or in an if: condition (an expression the runner evaluates,
        // never shell text), nowhere else.
        foreach (var step in Steps())
        {
            foreach (var (key, value) in step.Children)
            {
                var field = ((YamlScalarNode)key).Value;
                if (field is "env" or "with" or "if")
                {
                    continue;
                }

                Assert.DoesNotContain("inputs.", value.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Token_DefaultsToTheWorkflowTokenAndReachesOnlyTheReportStepEnv()
    {
        Assert.Equal("${{ github.token }}", Scalar(Map(Map(Action.Value, "inputs"), "token"), "default"));
        var users = Steps().Where(s => s.ToString().Contains("inputs.token", StringComparison.Ordinal)).ToList();

        var step = Assert.Single(users);
        Assert.Equal("${{ inputs.token }}", Scalar(Map(step, "env"), "GATE_GITHUB_TOKEN"));
    }

    [Fact]
    public void Outputs_AreDescribedAndComeFromExistingSteps()
    {
        var ids = Steps().Select(s => Scalar(s, "id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var outputs = Map(Action.Value, "outputs");
        foreach (var name in new[] { "verdict", "max-safe-nodes", "report", "sarif" })
        {
            var output = Map(outputs, name);
            Assert.False(string.IsNullOrWhiteSpace(Scalar(output, "description")), name);
            var step = StepOutput().Match(Scalar(output, "value") ?? string.Empty);
            Assert.True(step.Success, name);
            Assert.Contains(step.Groups[1].Value, ids);
        }
    }

    [Fact]
    public void Scripts_WriteOutputsOnlyThroughTheDelimiterHelper()
    {
        foreach (var script in Directory.GetFiles(RepoPaths.InRepo("action"), "*.sh"))
        {
            var lines = File.ReadAllLines(script).Where(l => l.Contains("GITHUB_OUTPUT", StringComparison.Ordinal));
            Assert.All(lines, l => Assert.True(Path.GetFileName(script) == "lib.sh", $"{Path.GetFileName(script)}: {l}"));
        }
    }

    [GeneratedRegex(@"""\$GITHUB_ACTION_PATH/([A-Za-z0-9_.-]+\.sh)""")]
    private static partial Regex ScriptReference();

    [GeneratedRegex(@"^\$\{\{ steps\.([A-Za-z0-9_-]+)\.outputs\.[A-Za-z0-9_-]+ \}\}$")]
    private static partial Regex StepOutput();
}
