using System.Net;
using Gate.AnalysisHook;
using Gate.Cli.Input;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Core.Health;

namespace Gate.Cli.Commands.Analyze;

/// <summary>The options of <c>gate serve</c>.</summary>
public sealed record ServeRequest
{
    public string Listen { get; init; } = "127.0.0.1:8080";

    public string? TokenFile { get; init; }

    public string? Prometheus { get; init; }

    public bool ScrapeApiServer { get; init; }

    public string? Analysis { get; init; }

    public string? Cluster { get; init; }
}

/// <summary>
/// <c>gate serve</c>: the Argo Rollouts web metric provider endpoint (src/Gate.AnalysisHook) over the health judge
/// and a Prometheus health source. Starts whether or not Prometheus answers (readiness follows it). Runs until
/// Ctrl+C / SIGTERM, then exits 0.
/// </summary>
public static class ServeHandler
{
    public static async Task<int> RunAsync(CliContext context, ServeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var listen = ParseListen(request.Listen);
        var token = await ReadTokenAsync(context, request.TokenFile).ConfigureAwait(false);
        var prometheus = request.Prometheus ?? context.GetEnvironmentVariable("GATE_PROMETHEUS_URL");
        if (request.ScrapeApiServer || prometheus is null)
        {
            throw new GateUsageException(
                request.ScrapeApiServer ? "gate serve reads health from Prometheus; --scrape-apiserver is for 'gate analyze --once'" : "no health source given",
                null,
                "pass --prometheus URL (or set GATE_PROMETHEUS_URL)");
        }

        var pack = AnalyzeHandler.LoadPack(context, new AnalyzeRequest { Analysis = request.Analysis, Cluster = request.Cluster });
        // Not probed here: a hook starts while Prometheus is down, answers /readyz 503 and verdicts "inconclusive" until it answers.
        var source = AnalyzeHandler.PrometheusSource(context, prometheus);
        var verdicts = new JudgeVerdictSource(new HealthJudge(pack, source), source, context.Clock);
        var options = new HookOptions { Listen = listen, Token = token, DefaultWindowSeconds = (int)pack.Settings.Window.TotalSeconds };

        AnalysisHookServer server;
        try
        {
            server = await AnalysisHookServer.StartAsync(options, verdicts, context.Clock, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new GateEnvironmentException($"cannot listen on {request.Listen}: {ex.Message}", ex);
        }

        await using (server.ConfigureAwait(false))
        {
            await context.Error.WriteLineAsync(
                $"gate serve: listening on {server.Address}api/v1/analysis (health from {source.Name}); Ctrl+C stops").ConfigureAwait(false);
            try
            {
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C / SIGTERM: a normal stop.
            }
        }

        return ExitCodes.Pass;
    }

    /// <summary>Parses <c>host:port</c> (IPv4, <c>[IPv6]</c>, <c>localhost</c>, <c>*</c> / <c>0.0.0.0</c> for all interfaces).</summary>
    public static IPEndPoint ParseListen(string listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var colon = listen.LastIndexOf(':');
        var host = colon > 0 ? listen[..colon].Trim('[', ']') : string.Empty;
        if (colon <= 0 || !int.TryParse(listen[(colon + 1)..], out var port) || port is < 0 or > 65535)
        {
            throw new GateUsageException($"--listen must be HOST:PORT, got '{listen}'", null, "e.g. 127.0.0.1:8080 or 0.0.0.0:8080");
        }

        var address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" => IPAddress.Any,
            _ when IPAddress.TryParse(host, out var ip) => ip,
            _ => throw new GateUsageException($"--listen host must be an IP address or localhost, got '{host}'", null, "e.g. 127.0.0.1:8080"),
        };
        return new IPEndPoint(address, port);
    }

    /// <summary>Tokens shorter than this are warned about (a token is guessed offline from nothing but its length).</summary>
    internal const int MinTokenLength = 32;

    /// <summary>A token file holds one line; a larger one is refused (exit 2).</summary>
    private const int MaxTokenFileBytes = 64 * 1024;

    private static async Task<string> ReadTokenAsync(CliContext context, string? tokenFile)
    {
        string? token;
        if (tokenFile is not null)
        {
            var path = context.ResolvePath(tokenFile);
            if (!File.Exists(path))
            {
                throw new GateUsageException($"token file not found: {tokenFile}", null, "write the bearer token into a file readable by gate");
            }

            token = System.Text.Encoding.UTF8.GetString(await InputFile.ReadBytesAsync(path, tokenFile, MaxTokenFileBytes, CancellationToken.None).ConfigureAwait(false)).Trim();
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                // Group read is left alone: a Kubernetes Secret volume hands the file to the pod's fsGroup (deploy/hook: 0440).
                await context.Error.WriteLineAsync(
                    $"warning: the token file {tokenFile} can be read by every user of this machine; chmod o-rw {tokenFile} (or 600)").ConfigureAwait(false);
            }
        }
        else
        {
            token = context.GetEnvironmentVariable("GATE_SERVE_TOKEN")?.Trim();
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new GateUsageException("gate serve needs a bearer token", null, "pass --token-file FILE or set GATE_SERVE_TOKEN; callers send 'Authorization: Bearer <token>'");
        }

        if (token.Length < MinTokenLength)
        {
            await context.Error.WriteLineAsync(
                $"warning: the bearer token has {token.Length} characters; use at least {MinTokenLength} random ones (e.g. openssl rand -hex 32)").ConfigureAwait(false);
        }

        SecretValues.Remember(token);
        return token;
    }
}
