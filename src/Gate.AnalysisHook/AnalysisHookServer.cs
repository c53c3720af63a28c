using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gate.AnalysisHook;

/// <summary>
/// The HTTP endpoint behind <c>gate serve</c> for Argo Rollouts' web metric provider:
/// <c>GET|POST /api/v1/analysis</c> answers <c>{"result":{"verdict":…,"reasons":[…],"signals":{…}}}</c> with 200
/// for every verdict (including inconclusive), 400 for a bad query, 401 without the bearer token (checked before the
/// body is read) and 413 for a body past <see cref="HookOptions.MaxBodyBytes"/>; <c>/healthz</c> (process alive) and
/// <c>/readyz</c> (health source answers, probed at most once per <see cref="HookOptions.ReadyTtl"/>) need no token.
/// </summary>
public sealed class AnalysisHookServer : IAsyncDisposable
{
    /// <summary>The analysis endpoint's path.</summary>
    public const string AnalysisPath = "/api/v1/analysis";

    private readonly WebApplication _app;
    private readonly VerdictCache _cache;
    private readonly ReadinessCache _readiness;

    private AnalysisHookServer(WebApplication app, VerdictCache cache, ReadinessCache readiness)
    {
        _app = app;
        _cache = cache;
        _readiness = readiness;
    }

    /// <summary>The address the server listens on (resolved when port 0 was asked for).</summary>
    public Uri Address => new(_app.Urls.First());

    /// <summary>How many judgements reached the health source (the rest were served from the cache).</summary>
    public int SourceCalls => _cache.SourceCalls;

    /// <summary>Verdicts held in the cache.</summary>
    public int CachedVerdicts => _cache.Count;

    /// <summary>How many <c>/readyz</c> probes reached the health source (the rest were answered from the cache).</summary>
    public int ReadyProbes => _readiness.Probes;

    /// <summary>Builds and starts the server.</summary>
    public static async Task<AnalysisHookServer> StartAsync(HookOptions options, IVerdictSource source, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(options.Listen);
            k.AddServerHeader = false;

            // No request needs more: a body past this is refused as it arrives, never buffered (nor drained).
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        });
        builder.Services.ConfigureHttpJsonOptions(j => j.SerializerOptions.TypeInfoResolverChain.Insert(0, HookJsonContext.Default));
        var app = builder.Build();
        var cache = new VerdictCache(source, clock, options.CacheTtl, options.MaxCachedVerdicts);
        var readiness = new ReadinessCache(source, clock, options.ReadyTtl, options.NotReadyTtl, options.RequestTimeout);
        var token = new BearerToken(options.Token);

        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", async (CancellationToken ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.RequestTimeout);
            bool ready;
            try
            {
                ready = await readiness.IsReadyAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                ready = false;
            }

            return ready ? Results.Text("ok\n") : Results.Text("health source not ready\n", statusCode: 503);
        });

        // Route handlers take (HttpContext, CancellationToken) so they bind as handlers whose IResult is written.
        // The token is checked before anything else of the request is read: an unauthenticated body is never parsed.
        app.MapGet(AnalysisPath, (HttpContext http, CancellationToken _) =>
        {
            if (Unauthorized(http) is { } denied)
            {
                return Task.FromResult(denied);
            }

            var q = http.Request.Query;
            var window = int.TryParse(q["window"], out var w) ? w : (int?)null;
            return AnswerAsync(http, new AnalysisQuery(q["namespace"], q["workload"], q["stage"], window));
        });
        app.MapPost(AnalysisPath, async (HttpContext http, CancellationToken _) =>
        {
            if (Unauthorized(http) is { } denied)
            {
                return denied;
            }

            if (http.Request.ContentLength > options.MaxBodyBytes)
            {
                return TooLarge(http);
            }

            AnalysisQuery? query;
            try
            {
                query = await http.Request.ReadFromJsonAsync(HookJsonContext.Default.AnalysisQuery, http.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge(http);
            }
            catch (JsonException ex)
            {
                return Results.Json(new HookError("body is not a valid analysis query: " + ex.Message), HookJsonContext.Default.HookError, statusCode: 400);
            }

            return await AnswerAsync(http, query ?? new AnalysisQuery(null, null)).ConfigureAwait(false);
        });

        IResult? Unauthorized(HttpContext http)
        {
            if (token.Matches(http.Request.Headers.Authorization))
            {
                return null;
            }

            // The body (if any) is left unread; closing the connection spares draining it.
            http.Response.Headers.WWWAuthenticate = "Bearer";
            http.Response.Headers.Connection = "close";
            return Results.Json(new HookError("missing or wrong bearer token"), HookJsonContext.Default.HookError, statusCode: 401);
        }

        IResult TooLarge(HttpContext http)
        {
            http.Response.Headers.Connection = "close";
            return Results.Json(new HookError($"the body is larger than {options.MaxBodyBytes} bytes; an analysis query is a small JSON object"), HookJsonContext.Default.HookError, statusCode: 413);
        }

        async Task<IResult> AnswerAsync(HttpContext http, AnalysisQuery query)
        {
            if (string.IsNullOrWhiteSpace(query.Namespace) || string.IsNullOrWhiteSpace(query.Workload))
            {
                return Results.Json(new HookError("namespace and workload are required (query string or JSON body)"), HookJsonContext.Default.HookError, statusCode: 400);
            }

            if (query.WindowSeconds is <= 0 or > 86_400)
            {
                return Results.Json(new HookError("window must be between 1 and 86400 seconds"), HookJsonContext.Default.HookError, statusCode: 400);
            }

            var normalized = query with { WindowSeconds = query.WindowSeconds ?? options.DefaultWindowSeconds };
            using var span = HookTelemetry.Start(normalized);
            HookVerdict verdict;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                verdict = await cache.GetAsync(normalized, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
                verdict = HookVerdict.InconclusiveBecause($"health judgement took longer than {options.RequestTimeout.TotalSeconds:0.#} s");
            }
#pragma warning disable CA1031 // A failing health source is an inconclusive verdict (fail closed), never a 500.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                verdict = HookVerdict.InconclusiveBecause("health source failed: " + ex.GetType().Name);
            }

            HookTelemetry.End(span, normalized, verdict);
            return Results.Json(new HookResponse(verdict), HookJsonContext.Default.HookResponse);
        }

        // Each analysis request is a trace of its own: the server must not run under the span of the command that started
        // it (gate serve's root span would otherwise parent every request for as long as it runs).
        System.Diagnostics.Activity.Current = null;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new AnalysisHookServer(app, cache, readiness);
    }

    /// <summary>Waits until the server is stopped (Ctrl+C in <c>gate serve</c>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
