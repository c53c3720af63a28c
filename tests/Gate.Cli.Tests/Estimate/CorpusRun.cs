using Gate.Cli;
using Gate.Testing;
using Gate.Testing.Corpus;

namespace Gate.Cli.Tests.Estimate;

/// <summary>Runs gate in-process with the corpus folder as working directory, so report paths are corpus-relative.</summary>
internal static class CorpusRun
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunInAsync(RepoPaths.Corpus, args);

    public static async Task<CliResult> RunInAsync(string directory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var writers = CliContext.ForWriters(output, error, width: 160);
        var context = new CliContext { Console = writers.Console, Out = output, Error = error, WorkingDirectory = directory };
        var code = await GateApp.RunAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>(case, nodes, expected_flag) for every case and size of labels.json.</summary>
    public static IEnumerable<(string Case, int Nodes, bool Flag)> Labels() =>
        LabelledCorpus.Reference.SelectMany(c => c.ExpectedFlag.Select(f => (c.Name, f.Key, f.Value)));
}
