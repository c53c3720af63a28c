using Gate.Cli;
using Gate.Testing;

namespace Gate.Native.Tests;

/// <summary>
/// The commands that need no cluster: the native executable prints byte for byte what the managed build prints, for
/// every corpus case, every bad input and every report format, and exits with the same code.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class OfflineCommandTests(NativeGate gate)
{
    public static TheoryData<string> CorpusCases()
    {
        var cases = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.Corpus).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileName(dir));
        }

        return cases;
    }

    public static TheoryData<string> BadInputs()
    {
        var cases = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.InRepo("tests", "Gate.Core.Tests", "BadInput")).Where(f => !f.EndsWith(".tsv", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileName(file));
        }

        return cases;
    }

    [Fact]
    public async Task Version_NativeExecutable_PrintsTheToolVersion()
    {
        var result = await gate.RunAsync(["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(GateApp.Version, result.Output.Trim());
    }

    [Theory]
    [MemberData(nameof(CorpusCases))]
    public async Task EstimateJson_CorpusCase_SameAsManagedBuild(string name)
    {
        await AssertSameAsync("estimate", Case(name), "--profile", "large", "--format", "json");
    }

    [Theory]
    [MemberData(nameof(CorpusCases))]
    public async Task CheckSarif_CorpusCase_SameAsManagedBuild(string name)
    {
        await AssertSameAsync("check", Case(name), "--nodes", "2000", "--format", "sarif");
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("json")]
    [InlineData("github")]
    public async Task Check_WholeCorpusInEveryFormat_SameAsManagedBuild(string format)
    {
        await AssertSameAsync("check", RepoPaths.Corpus, "--profile", "xlarge", "--format", format);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Estimate_BadInput_SameOneLineErrorAndExitCode(string file)
    {
        var native = await AssertSameAsync("estimate", RepoPaths.InRepo("tests", "Gate.Core.Tests", "BadInput", file));

        Assert.Equal(Gate.Core.ExitCodes.Usage, native.ExitCode);
        Assert.Single(native.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Estimate_StandardInput_SameAsManagedBuild()
    {
        var manifest = await File.ReadAllTextAsync(Path.Combine(Case("fluentd-kubernetes-metadata"), "daemonset.yaml"));

        var native = await gate.RunAsync(["estimate", "-", "--format", "json"], stdin: manifest);
        var managed = await InProcessGate.RunAsync(["estimate", "-", "--format", "json"], System.Text.Encoding.UTF8.GetBytes(manifest), NativeGate.NoEnvironment, RepoPaths.Root);

        Assert.Equal(managed, native);
    }

    [Fact]
    public async Task SimulateJson_ClusterWideAgent_SameAsManagedBuild()
    {
        var native = await AssertSameAsync("simulate", Case("otel-k8sattributes-cluster"), "--nodes", "2000", "--format", "json");

        Assert.Contains("\"schema\": \"gate.simulation/v1\"", native.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoJson_Default_SameAsManagedBuild()
    {
        var native = await AssertSameAsync("demo", "--format", "json");

        Assert.Equal(0, native.ExitCode);
        Assert.Contains("\"asExpected\": true", native.Output, StringComparison.Ordinal);
    }

    private static string Case(string name) => Path.Combine(RepoPaths.Corpus, name);

    private async Task<CliResult> AssertSameAsync(params string[] args)
    {
        var native = await gate.RunAsync(args);
        var managed = await InProcessGate.RunAsync(args, environment: NativeGate.NoEnvironment, workingDirectory: RepoPaths.Root);

        Assert.Equal(managed.Error, native.Error);
        Assert.Equal(managed.Output, native.Output);
        Assert.Equal(managed.ExitCode, native.ExitCode);
        return native;
    }
}
