using System.Diagnostics;
using Gate.Testing;

namespace Gate.Cli.Tests;

public class ToolPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task Pack_BuiltCli_InstallsAsDotnetToolNamedGate()
    {
        var work = Directory.CreateTempSubdirectory("gate-tool-").FullName;
        try
        {
            var project = RepoPaths.InRepo("src", "Gate.Cli", "Gate.Cli.csproj");
            var feed = Path.Combine(work, "feed");
            var tools = Path.Combine(work, "tools");

            await RunAsync("dotnet", "pack", project, "-c", Configuration, "--no-build", "-o", feed, "-nologo");
            var package = Assert.Single(Directory.GetFiles(feed, "Gate.Tool.*.nupkg"));
            await RunAsync("dotnet", "tool", "install", "Gate.Tool", "--tool-path", tools, "--add-source", feed, "--version", GateApp.Version);
            var version = await RunAsync(Path.Combine(tools, "gate"), "--version");

            Assert.Contains(GateApp.Version, Path.GetFileName(package), StringComparison.Ordinal);
            Assert.Equal(GateApp.Version, version.Trim());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        return await output;
    }
}
