namespace Gate.Testing;

/// <summary>The outcome of running a command in-process: exit code and captured output.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);
