using Gate.Cli.Input;
using Gate.Core;
using Gate.Core.Health;
using Gate.Prometheus;

namespace Gate.Cli.Commands.Analyze;

/// <summary>What <c>gate analyze</c> was asked for, after parsing.</summary>
public sealed record AnalyzeRequest
{
    public bool Once { get; init; }

    public bool ExitCode { get; init; }

    public string? Prometheus { get; init; }

    public bool ScrapeApiServer { get; init; }

    public string? Analysis { get; init; }

    public string? Cluster { get; init; }

    public string Format { get; init; } = "table";

    public string? Namespace { get; init; }

    public string? DaemonSet { get; init; }

    public IReadOnlyList<string> Pods { get; init; } = [];

    public int? CanaryNodes { get; init; }

    public int? FleetNodes { get; init; }

    public DateTimeOffset? Since { get; init; }

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }
}

/// <summary>
/// <c>gate analyze --once</c>: loads the signal pack, picks the health source (Prometheus or a direct API server
/// scrape), captures the baseline, judges the canary window and prints the verdict. Exit codes with
/// <c>--exit-code</c>: 0 pass, 1 fail, 4 inconclusive; 3 when the source cannot be reached at all.
/// </summary>
public static class AnalyzeHandler
{
    /// <summary>Runs one analysis.</summary>
    public static async Task<int> RunAsync(CliContext context, AnalyzeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Once)
        {
            throw new GateUsageException("gate analyze runs one analysis and needs --once", null, "for continuous verdicts over HTTP use 'gate serve'");
        }

        var prometheus = request.Prometheus ?? context.GetEnvironmentVariable("GATE_PROMETHEUS_URL");
        if (prometheus is null == !request.ScrapeApiServer)
        {
            throw new GateUsageException(
                prometheus is null ? "no health source given" : "--prometheus and --scrape-apiserver are exclusive",
                null,
                "pass --prometheus URL (or set GATE_PROMETHEUS_URL), or --scrape-apiserver");
        }

        var pack = LoadPack(context, request);
        var canary = Canary(request);
        var now = context.Clock.GetUtcNow();
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var settings = pack.Settings;

        HealthVerdict verdict;
        if (prometheus is not null)
        {
            var source = await PrometheusSourceAsync(context, prometheus, cancellationToken).ConfigureAwait(false);
            var (baselineWindow, window) = Windows(now, settings, request.Since);
            var judge = new HealthJudge(pack, source);
            var baseline = await judge.CaptureBaselineAsync(baselineWindow, canary, cancellationToken).ConfigureAwait(false);
            verdict = await judge.EvaluateAsync(window, baseline, canary, 0, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            verdict = await ApiServerScrape.AnalyzeAsync(context, request, pack, canary, cancellationToken).ConfigureAwait(false);
        }

        if (request.Format == "json")
        {
            await context.Out.WriteLineAsync(HealthReport.ToJson(verdict)).ConfigureAwait(false);
        }
        else
        {
            HealthReport.WriteTable(context.Console, verdict);
        }

        return request.ExitCode ? verdict.ExitCode : ExitCodes.Pass;
    }

    /// <summary>
    /// The baseline and canary windows. With the canary's start time: the window before it, and the window after
    /// it (at most <see cref="HealthSettings.Window"/> long). Without: the window ending now, and the one ending
    /// <see cref="HealthSettings.BaselineOffset"/> earlier.
    /// </summary>
    public static (HealthWindow Baseline, HealthWindow Canary) Windows(DateTimeOffset now, HealthSettings settings, DateTimeOffset? since)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (since is { } start && start < now)
        {
            var canaryStart = start > now - settings.Window ? start : now - settings.Window;
            return (HealthWindow.Ending(start, settings.Window), new HealthWindow(canaryStart, now));
        }

        return (HealthWindow.Ending(now - settings.BaselineOffset, settings.Window), HealthWindow.Ending(now, settings.Window));
    }

    internal static HealthPack LoadPack(CliContext context, AnalyzeRequest request)
    {
        if (request.Analysis is null)
        {
            return HealthPackLoader.Load([(HealthPackLoader.BuiltInText, HealthPackLoader.BuiltInName)], request.Cluster);
        }

        var path = context.ResolvePath(request.Analysis);
        if (!File.Exists(path))
        {
            throw new GateUsageException($"analysis file not found: {request.Analysis}", null, "pass a health pack YAML (see docs/health.md)");
        }

        return HealthPackLoader.LoadWithOverlay(InputFile.ReadConfigText(path, request.Analysis), request.Analysis, request.Cluster);
    }

    private static CanaryContext? Canary(AnalyzeRequest request)
    {
        if (request.DaemonSet is null)
        {
            if (request.Pods.Count > 0 || request.FleetNodes is not null || request.CanaryNodes is not null)
            {
                throw new GateUsageException("--pods, --canary-nodes and --fleet-nodes need --daemonset", null, "name the agent's DaemonSet");
            }

            return null;
        }

        return new CanaryContext
        {
            Namespace = request.Namespace ?? "default",
            DaemonSet = request.DaemonSet,
            Pods = request.Pods,
            CanaryNodeCount = request.CanaryNodes ?? (request.Pods.Count > 0 ? request.Pods.Count : null),
            FleetNodes = request.FleetNodes,
        };
    }

    internal static async Task<IHealthSource> PrometheusSourceAsync(CliContext context, string url, CancellationToken cancellationToken)
    {
        var client = PrometheusClient(context, url);
        if (!await client.IsReadyAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new GateEnvironmentException($"Prometheus at {client.BaseAddress.GetLeftPart(UriPartial.Authority)} is unreachable or not ready (GET /-/ready)");
        }

        return new PrometheusHealthSource(client);
    }

    /// <summary>The health source at <paramref name="url"/>, not probed (<c>gate serve</c> starts while Prometheus is down).</summary>
    internal static PrometheusHealthSource PrometheusSource(CliContext context, string url) => new(PrometheusClient(context, url));

    private static PrometheusClient PrometheusClient(CliContext context, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new GateUsageException($"--prometheus must be an http(s) URL, got '{SecretRedactor.Redact(url)}'", null, "e.g. http://127.0.0.1:9090");
        }

        var options = new PrometheusClientOptions { BearerToken = context.GetEnvironmentVariable("GATE_PROMETHEUS_TOKEN") };
        return new PrometheusClient(new HttpClient(), uri, options, context.Clock);
    }
}
