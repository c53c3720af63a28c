using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gate.Testing;

namespace Gate.Cli.Tests.Analyze;

/// <summary><c>gate serve</c> run in-process on a free loopback port until stopped, with its output captured.</summary>
internal sealed class ServeRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly Task<int> _serve;

    private ServeRun(Uri address, string token, IEnumerable<string> args)
    {
        Token = token;
        _serve = GateApp.RunAsync(["serve", "--listen", $"127.0.0.1:{address.Port}", .. args], CliContext.ForWriters(_output, _error), _stop.Token);
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public string Token { get; }

    /// <summary>Everything written so far (standard output, then standard error).</summary>
    public string Output => _output.ToString() + _error;

    public string Error => _error.ToString();

    /// <summary>Writes <paramref name="token"/> into a fresh file with <paramref name="mode"/> and starts serve with it; returns once <c>/healthz</c> answers.</summary>
    public static async Task<ServeRun> StartAsync(string token, UnixFileMode mode, params string[] args)
    {
        var tokenFile = Path.Combine(Directory.CreateTempSubdirectory("gate-serve-").FullName, "token");
        await File.WriteAllTextAsync(tokenFile, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, mode);
        }

        var run = new ServeRun(PrometheusServer.UnusedAddress(), token, [.. args, "--token-file", tokenFile]);
        await PrometheusServer.WaitUntilAsync(
            async () => run._serve.IsCompleted || await run.StatusAsync("healthz") == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "gate serve listening");
        Assert.False(run._serve.IsCompleted, run.Output);
        return run;
    }

    /// <summary>The status of a GET, or null while nothing listens.</summary>
    public async Task<HttpStatusCode?> StatusAsync(string path)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>An authenticated analysis: the status and, with 200, the verdict.</summary>
    public async Task<(HttpStatusCode Status, string? Verdict)> AnalyzeAsync(string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/analysis?namespace=kube-system&workload=otel-agent");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        using var response = await Http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("result").GetProperty("verdict").GetString());
    }

    /// <summary>Stops serve (as Ctrl+C does) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _serve;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_serve.IsCompleted)
        {
            await StopAsync();
        }

        Http.Dispose();
        _stop.Dispose();
        await _output.DisposeAsync();
        await _error.DisposeAsync();
    }
}
