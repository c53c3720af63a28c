using System.CommandLine;
using System.CommandLine.Help;
using Gate.Cli.Commands;
using System.Diagnostics;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Telemetry;

namespace Gate.Cli;

/// <summary>
/// The composition root of the <c>gate</c> tool: builds the command tree, parses, runs the handler and maps every
/// outcome to one exit code (<see cref="ExitCodes"/>) and at most one line on standard error.
/// </summary>
public static partial class GateApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        using var telemetry = GateTelemetry.Start(context.GetEnvironmentVariable, Version);
        if (telemetry.Warning is { } warning)
        {
            await context.Error.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
        }

        using var span = GateInstrumentation.StartSpan("gate");
        var code = await RunCommandAsync(args, context, span, cancellationToken).ConfigureAwait(false);
        if (span is not null)
        {
            span.SetTag(GateAttributes.ExitCode, code);
            span.SetStatus(code is ExitCodes.Pass or ExitCodes.PolicyViolation ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            span.Stop();
        }

        telemetry.Flush(TimeSpan.FromSeconds(5));
        return code;
    }

    /// <summary>The tool's version (major.minor.patch).</summary>
    public static string Version { get; } = typeof(GateApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static async Task<int> RunCommandAsync(string[] args, CliContext context, Activity? span, CancellationToken cancellationToken)
    {
        var verbose = args.Contains("--verbose", StringComparer.Ordinal);
        try
        {
            var root = BuildRootCommand(context, args);
            var parse = root.Parse(args);

            var unknown = UnknownInput.Describe(parse);
            if (parse.Errors.Count > 0 || unknown is not null)
            {
                var command = parse.CommandResult.Command;
                var path = command == root ? "gate" : "gate " + string.Join(' ', CommandPath(parse.CommandResult));
                var message = unknown ?? WithoutTypeNames(OneLine(parse.Errors[0].Message));
                await context.Error.WriteLineAsync($"error: {message} (see '{path} --help')").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (span is not null)
            {
                var name = "gate " + string.Join(' ', CommandPath(parse.CommandResult));
                span.DisplayName = name.TrimEnd();
                span.SetTag(GateAttributes.Command, span.DisplayName);
            }

            var configuration = new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (GateUsageException ex)
        {
            await WriteFailureAsync(context, ex.ToUserLine(), ex, verbose).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (GateEnvironmentException ex)
        {
            await WriteFailureAsync(context, ex.Message, ex, verbose).ConfigureAwait(false);
            return ExitCodes.Environment;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            await WriteFailureAsync(context, "cancelled", ex, verbose).ConfigureAwait(false);
            return ExitCodes.Environment;
        }
#pragma warning disable CA1031 // The composition root is the one place that must turn any failure into an exit code.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var line = $"unexpected {ex.GetType().Name}: {SecretRedactor.Redact(FirstLine(ex.Message))}"
                + (verbose ? string.Empty : " (rerun with --verbose for details)");
            await WriteFailureAsync(context, line, ex, verbose).ConfigureAwait(false);
            return ExitCodes.Environment;
        }
    }

    /// <summary>Builds the full command tree of DESIGN.md ("Commands").</summary>
    public static Command BuildRootCommand(CliContext context) => BuildRootCommand(context, []);

    /// <summary>
    /// The command tree for <paramref name="args"/>: when the first word that is not a root option names a command,
    /// the root holds that command alone (parsing and running it need nothing else, and building every command's
    /// options is a measurable part of a start-up); otherwise (help, errors) the full tree.
    /// </summary>
    public static Command BuildRootCommand(CliContext context, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // A plain command named "gate" (not RootCommand, which takes the host executable's name, e.g. "testhost").
        var root = new Command(
            "gate",
            "Gate: estimate what a node agent (DaemonSet) costs the Kubernetes API server, check it against policy, "
            + "and roll it out in guarded stages with automatic rollback.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(GlobalOptions.CreateVerbose());
        var first = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (first is not null && CommandCatalog.CreateOnly(context, first) is { } only)
        {
            root.Subcommands.Add(only);
            return root;
        }

        foreach (var command in CommandCatalog.Create(context))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static async Task WriteFailureAsync(CliContext context, string line, Exception ex, bool verbose)
    {
        await context.Error.WriteLineAsync("error: " + line).ConfigureAwait(false);
        if (verbose)
        {
            await context.Error.WriteLineAsync(SecretRedactor.Redact(ex.ToString())).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// System.CommandLine's conversion error names the .NET type (<c>Cannot parse argument 'x' for option '--since'
    /// as expected type 'System.Nullable`1[System.DateTimeOffset]'</c>); this says what the option takes instead.
    /// </summary>
    internal static string WithoutTypeNames(string message)
    {
        var match = ConversionError().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var type = match.Groups["type"].Value;
        var takes = type switch
        {
            _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "a number",
            _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) || type.Contains("DateTime", StringComparison.Ordinal) => "a date and time (ISO 8601, e.g. 2025-01-31T12:00:00Z)",
            _ when type.Contains("TimeSpan", StringComparison.Ordinal) => "a duration (e.g. 00:05:00)",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => "another kind of value",
        };
        return $"{match.Groups["name"].Value} takes {takes}, got '{match.Groups["value"].Value}'";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial System.Text.RegularExpressions.Regex ConversionError();

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.SymbolResult result)
    {
        var names = new Stack<string>();
        for (var r = result as System.CommandLine.Parsing.CommandResult; r?.Parent is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(r.Command.Name);
        }

        return names;
    }
}
