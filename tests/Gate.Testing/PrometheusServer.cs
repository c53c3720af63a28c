using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gate.Testing;

/// <summary>
/// A real Prometheus server for tests: the binary from <c>$GATE_PROMETHEUS</c> or <c>/usr/bin/prometheus</c>, on a
/// free loopback port, with a temporary data directory and a generated config that scrapes the given loopback
/// targets every second (one job per target). Missing binary → the test fails with how to install it.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder log;

    private PrometheusServer(Process process, string directory, Uri address, StringBuilder log)
    {
        this.process = process;
        this.directory = directory;
        this.log = log;
        Address = address;
    }

    /// <summary>Base address of the HTTP API, e.g. <c>http://127.0.0.1:39123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The binary's path, or throws with the installation hint.</summary>
    public static string FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("GATE_PROMETHEUS");
        foreach (var candidate in new[] { configured, "/usr/bin/prometheus", "/usr/local/bin/prometheus" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "prometheus is not installed: run scripts/install-test-deps.sh (or set GATE_PROMETHEUS=/path/to/prometheus); these tests need a real Prometheus server");
    }

    /// <summary>
    /// Starts Prometheus scraping each (job, host:port, metrics path) every second and waits (bounded) until it is
    /// ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(IEnumerable<(string Job, string HostPort, string MetricsPath)> targets, TimeSpan? readyTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var binary = FindBinary();
        var directory = Directory.CreateTempSubdirectory("gate-prometheus-").FullName;
        var config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        foreach (var (job, hostPort, path) in targets)
        {
            config.Append(CultureInfo.InvariantCulture, $"  - job_name: '{job}'\n    metrics_path: '{path}'\n    static_configs:\n      - targets: ['{hostPort}']\n");
        }

        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config.ToString()).ConfigureAwait(false);
        var port = FreePort();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--config.file=" + configPath,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
            "--storage.tsdb.retention.time=1h",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var log = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start");
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"), log);
        await server.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return server;
    }

    /// <summary>A loopback address where nothing listens (for "Prometheus down" tests).</summary>
    public static Uri UnusedAddress() => new($"http://127.0.0.1:{FreePort()}/");

    /// <summary>Waits (bounded) until <paramref name="done"/> returns true, polling every 250 ms.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + timeout;
        while (!await done().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(250).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the temp folder is cleaned by the OS
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await WaitUntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException("prometheus exited with code " + process.ExitCode + ": " + Log());
                    }

                    try
                    {
                        using var r = await http.GetAsync(new Uri(Address, "-/ready")).ConfigureAwait(false);
                        return r.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                    catch (TaskCanceledException)
                    {
                        return false;
                    }
                },
                timeout,
                "prometheus to become ready").ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private string Log()
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
