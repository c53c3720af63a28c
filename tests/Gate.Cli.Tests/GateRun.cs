using Gate.Cli;
using Gate.Testing;

namespace Gate.Cli.Tests;

/// <summary>Runs the real command tree in-process with captured output.</summary>
internal static class GateRun
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunWithInputAsync(string.Empty, args);

    public static async Task<CliResult> RunWithInputAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin));
        var context = CliContext.ForWriters(output, error, input);
        var code = await GateApp.RunAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with standard input given as raw bytes (as a pipe delivers them).</summary>
    public static async Task<CliResult> RunWithInputBytesAsync(byte[] stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new MemoryStream(stdin);
        var context = CliContext.ForWriters(output, error, input);
        var code = await GateApp.RunAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with a given clock and working directory, plain (non-interactive) output and no environment.</summary>
    public static async Task<CliResult> RunWithClockAsync(TimeProvider clock, string directory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var plain = CliContext.ForWriters(output, error);
        var context = new CliContext { Console = plain.Console, Out = output, Error = error, Clock = clock, GetEnvironmentVariable = _ => null, WorkingDirectory = directory };
        var code = await GateApp.RunAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
