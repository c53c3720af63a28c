using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests;

/// <summary>What a user sees in a terminal or a CI log: table width, unknown options and commands, plain-words errors.</summary>
public sealed class OutputMessagesTests : IDisposable
{
    private const string LongName = "telemetry-node-agent-with-a-name-longer-than-any-eighty-column-terminal-allows";

    private readonly string directory = Directory.CreateTempSubdirectory("gate-cli-output-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Estimate_OptionTypo_NamesTheUnknownOptionAndTheClosestOne()
    {
        var manifest = Write("agent.yaml", DaemonSet("agent", annotations: null));

        var result = await RunAsync("estimate", manifest, "--node", "100");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: unknown option '--node' (did you mean --nodes?) (see 'gate estimate --help')", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Check_PathAfterDoubleDashLookingLikeAnOption_IsReadAsAPath()
    {
        Write("--policy=agent.yaml", DaemonSet("agent", annotations: null));

        var result = await RunAsync("check", "--nodes", "100", "--", "--policy=agent.yaml");

        Assert.True(result.ExitCode is ExitCodes.Pass or ExitCodes.PolicyViolation, result.Error);
        Assert.DoesNotContain("unknown option", result.Error, StringComparison.Ordinal);
        Assert.Contains("agent", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("error: unknown command 'estimat' (did you mean 'estimate'?) (see 'gate --help')", "estimat", "x.yaml")]
    [InlineData("error: unknown option '--onse' (did you mean --once?) (see 'gate analyze --help')", "analyze", "--onse")]
    [InlineData("error: unknown option '--formt' (did you mean --format?) (see 'gate check --help')", "check", "x.yaml", "--formt=json")]
    public async Task Run_Typo_NamesItAndTheClosestKnownName(string expected, params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(expected, result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("--nodes takes a whole number of nodes, got 'abc'", "estimate", "x.yaml", "--nodes", "abc")]
    [InlineData("--since takes a date and time", "analyze", "--once", "--since", "yesterday")]
    [InlineData("--canary-nodes takes a whole number, got 'some'", "analyze", "--once", "--canary-nodes", "some")]
    public async Task Run_ValueOfWrongKind_SaysWhatTheOptionTakesWithoutTypeNames(string expected, params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_MissingPath_NamesThePathOnce()
    {
        var result = await RunAsync("estimate", "deploy/agent/");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: deploy/agent/: no such file or folder (check the path)", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("config.yaml", "error: no DaemonSet or Deployment found in {file} (pass the manifests of the workload to check)")]
    [InlineData("agent.yaml", "error: {file}:6:5: default/agent: annotation gate.dev/suppress suppresses 'GATE999', which is not a rule id (run 'gate policies list' for the rule ids)")]
    public async Task Check_BadInput_OneLineNamingTheFilePlaceAndProblem(string name, string expected)
    {
        var file = Write(name, name == "config.yaml"
            ? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
            : DaemonSet("agent", annotations: "    gate.dev/suppress: \"GATE999=reviewed\"\n"));

        var result = await RunAsync("check", file);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(expected.Replace("{file}", file, StringComparison.Ordinal), result.Error.TrimEnd());
    }

    [Fact]
    public async Task Estimate_OneNode_SaysNodeNotNodes()
    {
        var result = await RunAsync("estimate", Write("agent.yaml", DaemonSet("agent", annotations: null)), "--nodes", "1");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.StartsWith("gate estimate at 1 node\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstimateHelp_NoSizeGiven_SaysTheDefaultAndListsTestbed()
    {
        var result = await RunAsync("estimate", "--help");

        Assert.Contains("Default: 1,000 nodes (the medium profile)", result.Output, StringComparison.Ordinal);
        Assert.Contains("testbed", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("200", 200)]
    [InlineData(null, CliContext.NoWrapWidth)]
    [InlineData("", CliContext.NoWrapWidth)]
    [InlineData("wide", CliContext.NoWrapWidth)]
    [InlineData("0", CliContext.NoWrapWidth)]
    [InlineData("-5", CliContext.NoWrapWidth)]
    public void PlainWidthFrom_Columns_HonouredWhenPositive(string? columns, int expected) =>
        Assert.Equal(expected, CliContext.PlainWidthFrom(columns));

    [Theory]
    [InlineData("132", 132)]
    [InlineData(null, CliContext.NoWrapWidth)]
    public void ForProcess_OffTerminal_TablesTakeColumnsOrNeverWrap(string? columns, int expected)
    {
        var context = CliContext.ForProcess(interactive: false, name => name == "COLUMNS" ? columns : null);

        Assert.Equal(expected, context.Console.Profile.Width);
        Assert.Equal(expected, context.PlainWidth);
    }

    [Fact]
    public async Task Estimate_OffTerminalWithoutColumns_KeepsLongNamesWholeAndShowsCpuAndMemory()
    {
        var file = Write("agent.yaml", DaemonSet(LongName, annotations: null));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var writers = CliContext.ForWriters(output, error, width: CliContext.NoWrapWidth);
        var context = new CliContext { Console = writers.Console, Out = output, Error = error, PlainWidth = CliContext.NoWrapWidth, WorkingDirectory = directory };
        var report = Path.Combine(directory, "report.txt");

        var code = await GateApp.RunAsync(["estimate", file, "--nodes", "5000"], context);
        var codeToFile = await GateApp.RunAsync(["estimate", file, "--nodes", "5000", "-o", report], context);

        Assert.Equal(ExitCodes.Pass, code);
        Assert.Equal(ExitCodes.Pass, codeToFile);
        foreach (var text in new[] { output.ToString(), File.ReadAllText(report) })
        {
            var header = text.Split('\n').Single(l => l.Contains("workload", StringComparison.Ordinal));
            Assert.Contains("default/" + LongName, text, StringComparison.Ordinal);
            Assert.Contains("API CPU", header, StringComparison.Ordinal);
            Assert.Contains("API memory", header, StringComparison.Ordinal);
            Assert.DoesNotContain("…", text, StringComparison.Ordinal);
            Assert.Contains(" cores ", text, StringComparison.Ordinal);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        InProcessGate.RunAsync(args, environment: new Dictionary<string, string?>(), workingDirectory: directory);

    private static string DaemonSet(string name, string? annotations) =>
        $"""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: {name}
          annotations:
        {annotations ?? "    example.com/owner: platform\n"}spec:
          selector:
            matchLabels: {"{"}app: {name}{"}"}
          template:
            metadata:
              labels: {"{"}app: {name}{"}"}
            spec:
              containers:
                - name: agent
                  image: quay.io/prometheus/node-exporter:v1.8.2
        """;
}
