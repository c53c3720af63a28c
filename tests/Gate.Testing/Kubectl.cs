using System.Diagnostics;

namespace Gate.Testing;

/// <summary>
/// The real kubectl on PATH (scripts/install-test-deps.sh installs the Debian package when it is missing), run with a
/// bounded wait. Used where users run it: <c>kubectl kustomize</c> renders the shipped Kustomize bases.
/// </summary>
public static class Kubectl
{
    /// <summary>Runs <c>kubectl ARGS</c> in the repository root and returns its standard output; throws with its standard error when it fails.</summary>
    public static async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl could not be started");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
    }
}
