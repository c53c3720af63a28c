using System.Diagnostics;
using System.Runtime.InteropServices;
using Gate.Testing;

namespace Gate.Native.Tests;

/// <summary>
/// The native gate executable under test: <c>$GATE_NATIVE</c> when set (scripts/test.sh installs it with `dotnet tool
/// install` from the packages of scripts/pack-tool.sh before the tests),
/// else published once per test run into <c>artifacts/native</c> with
/// <c>dotnet publish src/Gate.Cli -c Release -r RID -p:PublishAot=true</c>.
/// </summary>
public sealed class NativeGate : IAsyncLifetime
{
    /// <summary>Variables of the test host that must not leak into the process under test.</summary>
    private static readonly string[] Scrubbed = ["OTEL_", "GITHUB_", "GATE_", "KUBECONFIG"];

    /// <summary>An empty environment: the managed build run in-process sees only what a test gives it, like the native one.</summary>
    public static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    /// <summary>The executable.</summary>
    public string Executable { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("GATE_NATIVE") is { Length: > 0 } given)
        {
            Executable = File.Exists(given) ? Path.GetFullPath(given) : throw new FileNotFoundException("GATE_NATIVE names no file", given);
            return;
        }

        var output = RepoPaths.InRepo("artifacts", "native");
        var publish = await RunProcessAsync(
            "dotnet",
            ["publish", RepoPaths.InRepo("src", "Gate.Cli", "Gate.Cli.csproj"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true", "-o", output, "-nologo"],
            new Dictionary<string, string?>(),
            stdin: null,
            RepoPaths.Root,
            TimeSpan.FromMinutes(25));
        Assert.True(publish.ExitCode == 0, "native publish failed:\n" + publish.Output + publish.Error);
        Executable = Path.Combine(output, "gate");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs the native gate with only the given gate-related environment variables.</summary>
    public Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null, string? workingDirectory = null) =>
        RunProcessAsync(Executable, args, environment ?? new Dictionary<string, string?>(), stdin, workingDirectory ?? RepoPaths.Root, TimeSpan.FromMinutes(2));

    /// <summary>Starts the native gate without waiting (a server); the caller kills it.</summary>
    public Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment) =>
        Process.Start(StartInfo(Executable, args, environment, RepoPaths.Root)) ?? throw new InvalidOperationException("the native gate did not start");

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => Scrubbed.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs <paramref name="file"/> to its end with only the given gate-related environment variables.</summary>
    public static async Task<CliResult> RunProcessAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, string? stdin, string workingDirectory, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(file, args, environment, workingDirectory)) ?? throw new InvalidOperationException(file + " did not start");
        using var cancel = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancel.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}

/// <summary>Every test class that runs the native gate shares one executable.</summary>
[CollectionDefinition(Name)]
public sealed class NativeCollection : ICollectionFixture<NativeGate>
{
    public const string Name = "native gate";
}
