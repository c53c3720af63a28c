using System.Diagnostics;
using Xunit.Sdk;

namespace Gate.Cli.Tests.Html;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>, installed by scripts/test.sh) run as a command: <c>--dump-dom</c>
/// for the DOM after load and layout, <c>--screenshot</c> for a PNG. Started with the flags this closed network needs
/// (no background networking, no component updates, no sync, no QUIC) and a fresh profile each time.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The browser, or a clear failure (never a skip): the page must have been seen by a real browser.</summary>
    public static string Path()
    {
        var configured = Environment.GetEnvironmentVariable("GATE_CHROMIUM");
        var found = configured is { Length: > 0 } ? configured : Candidates.FirstOrDefault(File.Exists);
        if (found is null || !File.Exists(found))
        {
            throw new XunitException(
                "headless Chromium is needed to render the HTML report and was not found (looked for "
                + string.Join(", ", configured is { Length: > 0 } ? [configured] : Candidates)
                + "): install the Debian package 'chromium' (scripts/test.sh does as root) or set GATE_CHROMIUM");
        }

        return found;
    }

    /// <summary>Loads <paramref name="file"/> and returns the serialized DOM and the wall time the browser took.</summary>
    public static async Task<(string Dom, TimeSpan Elapsed)> DumpDomAsync(string file)
    {
        var (output, elapsed) = await RunAsync("--dump-dom", new Uri(file).AbsoluteUri);
        return (output, elapsed);
    }

    /// <summary>Renders <paramref name="file"/> into the PNG <paramref name="png"/> (<paramref name="width"/> × <paramref name="height"/> CSS pixels).</summary>
    public static async Task<TimeSpan> ScreenshotAsync(string file, string png, int width, int height)
    {
        var (_, elapsed) = await RunAsync($"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(file).AbsoluteUri);
        return elapsed;
    }

    private static async Task<(string Output, TimeSpan Elapsed)> RunAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("gate-chromium-");
        try
        {
            var start = new ProcessStartInfo(Path())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio", $"--user-data-dir={profile.FullName}"])
            {
                start.ArgumentList.Add(flag);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new XunitException("chromium did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new XunitException("chromium did not finish within 60 s");
            }

            clock.Stop();
            if (process.ExitCode != 0)
            {
                throw new XunitException($"chromium exited with {process.ExitCode}: {await error}");
            }

            return (await output, clock.Elapsed);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
