using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gate.Testing;

/// <summary>One answer of <see cref="HostilePrometheus"/>.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Body">The body, or null to stream <paramref name="StreamedBytes"/> bytes of a never-ending JSON array instead.</param>
/// <param name="StreamedBytes">With no body: how many bytes to stream (an oversized answer that is never buffered here).</param>
/// <param name="RetryAfterSeconds">A <c>Retry-After</c> header, when set.</param>
public sealed record HostileAnswer(int Status, string? Body, long StreamedBytes = 0, int? RetryAfterSeconds = null)
{
    /// <summary>With a streamed body: a pause before each 64 KiB chunk (a slow answer).</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>A well-formed range answer: one series, <paramref name="value"/> at <paramref name="steps"/> steps.</summary>
    public static HostileAnswer Matrix(string value, int steps = 4)
    {
        var values = string.Join(",", Enumerable.Range(0, steps).Select(i => $"[{1767225600 + (15 * i)},\"{value}\"]"));
        return new(200, $$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"instance":"a"},"values":[{{{values}}}]}]}}""");
    }

    /// <summary>A 200 whose body is <paramref name="bytes"/> long (a JSON array of numbers that never closes within it).</summary>
    public static HostileAnswer Oversized(long bytes) => new(200, null, bytes);

    /// <summary>The catalogue of malformed answers the gate must read as an error, never as data.</summary>
    public static IReadOnlyList<(string Name, HostileAnswer Answer)> Malformed { get; } =
    [
        ("success without data", new(200, """{"status":"success"}""")),
        ("data without result", new(200, """{"status":"success","data":{"resultType":"matrix"}}""")),
        ("result not an array", new(200, """{"status":"success","data":{"resultType":"matrix","result":{"a":1}}}""")),
        ("values not pairs", new(200, """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1767225600]]}]}}""")),
        ("value not a number", new(200, """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1767225600,"fast"]]}]}}""")),
        ("time a string", new(200, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["now","1"]}]}}""")),
        ("truncated", new(200, """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1767225600,"0"]""")),
        ("not JSON", new(200, "<html>502 Bad Gateway</html>")),
        ("empty body", new(200, string.Empty)),
        ("JSON array", new(200, "[1,2,3]")),
        ("status not a string", new(200, """{"status":1,"data":{}}""")),
        ("deeply nested", new(200, new string('[', 5000) + new string(']', 5000))),
        ("error without message", new(500, """{"status":"error"}""")),
    ];
}

/// <summary>
/// A loopback HTTP server that speaks just enough of the Prometheus API (<c>/-/ready</c>, <c>/api/v1/query</c>,
/// <c>/api/v1/query_range</c>) to answer each query with whatever a test scripts: malformed, truncated, oversized,
/// overloaded (429 with Retry-After). Real Prometheus never sends those; a proxy, a broken build or an attacker can.
/// </summary>
public sealed class HostilePrometheus : IAsyncDisposable
{
    private readonly WebApplication app;
    private int queries;

    private HostilePrometheus(WebApplication app) => this.app = app;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The answer to the Nth query (0-based) with its PromQL.</summary>
    public Func<int, string, HostileAnswer> Answer { get; set; } = (_, _) => HostileAnswer.Matrix("0");

    /// <summary>Whether <c>/-/ready</c> answers 200 (else 503).</summary>
    public bool Ready { get; set; } = true;

    /// <summary>Queries answered so far.</summary>
    public int Queries => Volatile.Read(ref queries);

    /// <summary>Ready probes answered so far.</summary>
    public int ReadyProbes => readyProbes;

    /// <summary>Authorization headers seen on queries.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    private int readyProbes;

    public static async Task<HostilePrometheus> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new HostilePrometheus(app);
        app.MapGet("/-/ready", () =>
        {
            Interlocked.Increment(ref server.readyProbes);
            return server.Ready ? Results.Text("Prometheus Server is Ready.\n") : Results.StatusCode(503);
        });
        app.MapPost("/api/v1/{kind}", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            server.Authorizations.Enqueue(http.Request.Headers.Authorization.ToString());
            var answer = server.Answer(Interlocked.Increment(ref server.queries) - 1, form["query"].ToString());
            http.Response.StatusCode = answer.Status;
            http.Response.ContentType = "application/json";
            if (answer.RetryAfterSeconds is { } wait)
            {
                http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (answer.Body is { } body)
            {
                await http.Response.WriteAsync(body, http.RequestAborted);
                return;
            }

            await StreamAsync(http, answer.StreamedBytes, answer.ChunkDelay);
        });
        await app.StartAsync().ConfigureAwait(false);
        server.Address = new Uri(app.Urls.First() + "/");
        return server;
    }

    // {"status":"success","data":{"resultType":"matrix","result":[[1,1,1,1,… in 64 KiB chunks until the byte count.
    private static async Task StreamAsync(HttpContext http, long bytes, TimeSpan delay)
    {
        var head = Encoding.UTF8.GetBytes("""{"status":"success","data":{"resultType":"matrix","result":[[""");
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("1,", 32 * 1024)));
        try
        {
            await http.Response.Body.WriteAsync(head, http.RequestAborted);
            for (long sent = head.Length; sent < bytes; sent += chunk.Length)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, http.RequestAborted);
                }

                await http.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - sent)), http.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // the client hung up: that is what a gate with a body cap does
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
