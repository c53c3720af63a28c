using Gate.Cli;
using Gate.Testing;

namespace Gate.Native.Tests;

/// <summary>The managed build: the same command tree run in-process, as every other test project runs it.</summary>
internal static class ManagedGate
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var writers = CliContext.ForWriters(output, error);
        var context = new CliContext
        {
            Console = writers.Console,
            Out = output,
            Error = error,
            WorkingDirectory = RepoPaths.Root,
            GetEnvironmentVariable = name => environment.GetValueOrDefault(name),
        };
        var code = await GateApp.RunAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);
}
