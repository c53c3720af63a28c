using System.CommandLine;

namespace Gate.Cli.Commands;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    /// <summary><c>--verbose</c>: print the full exception (secrets redacted) after the one-line error.</summary>
    public static Option<bool> CreateVerbose() => new("--verbose")
    {
        Description = "Print details (the stack trace, secrets redacted) after an error.",
        Recursive = true,
    };
}
