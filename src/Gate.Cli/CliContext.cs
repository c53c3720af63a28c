using Spectre.Console;

namespace Gate.Cli;

/// <summary>
/// What a command handler may touch: the console, the error stream, standard input, the clock, environment
/// variables and the working directory. Production uses the process's own; tests pass captured writers, so a
/// handler never reaches for <see cref="System.Console"/> directly.
/// </summary>
public sealed class CliContext
{
    /// <summary>Rich output (tables, progress); writes to <see cref="Out"/>.</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Plain standard output (JSON, Markdown, SARIF reports).</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: diagnostics, one line per user error.</summary>
    public required TextWriter Error { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The directory relative paths resolve against.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Reads an environment variable (tests pass a dictionary).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>True when output goes to a terminal (live progress views); false in CI and tests.</summary>
    public bool IsInteractive { get; init; }

    /// <summary>
    /// The width of tables written where no terminal says how wide it is (a pipe, a CI log, a <c>--output</c> file):
    /// <c>COLUMNS</c> when it holds a positive number, else wide enough that nothing wraps or is cut.
    /// </summary>
    public int PlainWidth { get; init; } = NoWrapWidth;

    /// <summary>A width no report reaches: a table off a terminal is as wide as its content.</summary>
    public const int NoWrapWidth = 4096;

    /// <summary>Creates the context of the running process.</summary>
    public static CliContext ForProcess() => ForProcess(!System.Console.IsOutputRedirected, Environment.GetEnvironmentVariable);

    /// <summary>
    /// The process's context: on a terminal Spectre.Console measures the window; off one (<paramref name="interactive"/>
    /// false) tables take <see cref="PlainWidthFrom"/>, never Spectre's 80-column fallback.
    /// </summary>
    internal static CliContext ForProcess(bool interactive, Func<string, string?> environment)
    {
        var plainWidth = PlainWidthFrom(environment("COLUMNS"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Out),
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            console.Profile.Width = plainWidth;
        }

        return new CliContext
        {
            Console = console,
            Out = System.Console.Out,
            Error = System.Console.Error,
            IsInteractive = interactive,
            PlainWidth = plainWidth,
            InputStream = System.Console.OpenStandardInput(),
        };
    }

    /// <summary><c>COLUMNS</c> as a width when it is a positive whole number, else <see cref="NoWrapWidth"/>.</summary>
    public static int PlainWidthFrom(string? columns) =>
        int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width) && width > 0
            ? width
            : NoWrapWidth;

    /// <summary>Creates a context whose output and errors go to the given writers, without colour or terminal codes.</summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error, Stream? input = null, int width = 120)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return new CliContext { Console = console, Out = output, Error = error, InputStream = input ?? Stream.Null, PlainWidth = width };
    }

    /// <summary>
    /// Standard input as bytes, read when a manifest path is <c>-</c> so that its encoding is checked like a file's
    /// (invalid UTF-8 is an error, not replaced).
    /// </summary>
    public Stream InputStream { get; init; } = Stream.Null;

    /// <summary>Resolves a user path against <see cref="WorkingDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
