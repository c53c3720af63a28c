using Gate.Cli;

namespace Gate.Testing;

/// <summary>
/// Runs the real command tree in-process with captured output: one way for every test project that references
/// Gate.Cli (this file is linked into each of them; Gate.Testing itself does not reference the CLI).
/// </summary>
internal static class InProcessGate
{
    /// <summary>
    /// Runs <paramref name="args"/>. Without an <paramref name="environment"/> the process environment is read;
    /// with one, only its variables exist. Standard input is <paramref name="stdin"/> (raw bytes, as a pipe delivers them).
    /// </summary>
    public static async Task<CliResult> RunAsync(
        IReadOnlyList<string> args,
        byte[]? stdin = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new MemoryStream(stdin ?? []);
        var writers = CliContext.ForWriters(output, error, input);
        var context = new CliContext
        {
            Console = writers.Console,
            Out = output,
            Error = error,
            InputStream = input,
            Clock = clock ?? TimeProvider.System,
            WorkingDirectory = workingDirectory ?? writers.WorkingDirectory,
            GetEnvironmentVariable = environment is null ? writers.GetEnvironmentVariable : name => environment.GetValueOrDefault(name),
        };
        var code = await GateApp.RunAsync([.. args], context, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
