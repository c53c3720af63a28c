using System.Text;
using Gate.Testing;

namespace Gate.Cli.Tests;

/// <summary>Runs the real command tree in-process with captured output.</summary>
internal static class GateRun
{
    public static Task<CliResult> RunAsync(params string[] args) => InProcessGate.RunAsync(args);

    public static Task<CliResult> RunWithInputAsync(string stdin, params string[] args) => InProcessGate.RunAsync(args, Encoding.UTF8.GetBytes(stdin));

    /// <summary>Runs with standard input given as raw bytes (as a pipe delivers them).</summary>
    public static Task<CliResult> RunWithInputBytesAsync(byte[] stdin, params string[] args) => InProcessGate.RunAsync(args, stdin);

    /// <summary>Runs with a given clock and working directory, plain (non-interactive) output and no environment.</summary>
    public static Task<CliResult> RunWithClockAsync(TimeProvider clock, string directory, params string[] args) =>
        InProcessGate.RunAsync(args, environment: new Dictionary<string, string?>(), workingDirectory: directory, clock: clock);
}
