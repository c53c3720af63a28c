using System.Globalization;
using System.Net;
using System.Text.Json;
using Gate.Core.Health;

namespace Gate.Prometheus;

/// <summary>
/// Reads the JSON envelope of the Prometheus HTTP API (<c>{"status":"success","data":{"resultType":…,"result":…}}</c>,
/// web/api/v1/api.go <c>response</c>) into series, or throws <see cref="PrometheusQueryException"/>. Anything that is
/// not that shape — a missing <c>data</c>, a truncated body, a sample that is not <c>[time, "value"]</c>, an answer
/// over <see cref="MaxBodyBytes"/> — is a <see cref="HealthQueryErrorKind.ServerError"/>, so the judge makes the
/// signal inconclusive; the parser itself never throws anything else.
/// </summary>
public static class PrometheusResponseParser
{
    /// <summary>The largest answer read (16 MiB): a window of 20 samples × a few hundred series is a few hundred KB.</summary>
    public const long MaxBodyBytes = 16L * 1024 * 1024;

    /// <summary>Parses a query or query_range answer (vector, matrix or scalar) held in a string.</summary>
    public static IReadOnlyList<HealthSeries> Parse(HttpStatusCode status, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
        return ParseAsync(status, stream, MaxBodyBytes, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Parses an answer from <paramref name="body"/> as it arrives, reading at most <paramref name="maxBytes"/>; a
    /// longer answer is abandoned (an error, never a partial result).
    /// </summary>
    public static async Task<IReadOnlyList<HealthSeries>> ParseAsync(HttpStatusCode status, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        return await ParseAsync(status, body, maxBytes, buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="ParseAsync(HttpStatusCode, Stream, long, CancellationToken)"/>, reading the answer into
    /// <paramref name="buffer"/> (emptied first, its capacity kept): a caller that reuses a few buffers bounds the
    /// memory answers take, where a fresh buffer per answer leaves up to <paramref name="maxBytes"/> of garbage each.
    /// </summary>
    public static async Task<IReadOnlyList<HealthSeries>> ParseAsync(HttpStatusCode status, Stream body, long maxBytes, MemoryStream buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(buffer);
        JsonDocument doc;
        try
        {
            // Read into the caller's buffer, not one rented from the shared array pool (as JsonDocument.ParseAsync
            // does, which then stays cached per thread); the document reads it in place.
            buffer.SetLength(0);
            await using var capped = new CappedStream(body, maxBytes);
            await capped.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            doc = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (AnswerTooLargeException)
        {
            throw new PrometheusQueryException(HealthQueryErrorKind.ServerError, $"HTTP {(int)status}: the answer is larger than {maxBytes / (1024 * 1024)} MiB; not read");
        }
        catch (JsonException)
        {
            throw new PrometheusQueryException(ErrorKind(status), $"HTTP {(int)status}: the answer is not Prometheus API JSON (malformed or truncated)");
        }

        using (doc)
        {
            var root = doc.RootElement;
            var isObject = root.ValueKind == JsonValueKind.Object;
            var ok = isObject && root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == "success";
            if (!ok || (int)status >= 400)
            {
                var type = isObject ? Text(root, "errorType") : null;
                var error = isObject ? Text(root, "error") : null;
                var kind = type is "bad_data" ? HealthQueryErrorKind.BadQuery : type is "timeout" ? HealthQueryErrorKind.Timeout : ErrorKind(status);
                throw new PrometheusQueryException(kind, $"HTTP {(int)status} {type ?? "error"}: {OneLine(error ?? "no message")}");
            }

            try
            {
                return Series(root);
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
            {
                throw new PrometheusQueryException(HealthQueryErrorKind.ServerError, $"HTTP {(int)status}: malformed Prometheus answer ({ex.Message.TrimEnd('.')})", ex);
            }
        }
    }

    private static List<HealthSeries> Series(JsonElement root)
    {
        var data = Member(root, "data", JsonValueKind.Object);
        var resultType = Member(data, "resultType", JsonValueKind.String).GetString();
        var result = data.GetProperty("result");
        return resultType switch
        {
            "matrix" => Array(result, "data.result").Select(r => new HealthSeries(Labels(r), Array(Member(r, "values", JsonValueKind.Array), "values").Select(Sample).ToList())).ToList(),
            "vector" => Array(result, "data.result").Select(r => new HealthSeries(Labels(r), [Sample(Member(r, "value", JsonValueKind.Array))])).ToList(),
            "scalar" => [new HealthSeries(new Dictionary<string, string>(), [Sample(result)])],
            _ => throw new PrometheusQueryException(HealthQueryErrorKind.BadQuery, $"unsupported result type '{resultType}'"),
        };
    }

    private static JsonElement Member(JsonElement element, string name, JsonValueKind kind) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new InvalidOperationException($"no {name} ({kind.ToString().ToLowerInvariant()})");

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new InvalidOperationException($"{what} is not an array");

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    private static HealthQueryErrorKind ErrorKind(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity ? HealthQueryErrorKind.BadQuery
        : status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout ? HealthQueryErrorKind.Timeout
        : HealthQueryErrorKind.ServerError;

    private static Dictionary<string, string> Labels(JsonElement r) =>
        r.ValueKind != JsonValueKind.Object ? throw new InvalidOperationException("a series is not an object")
        : r.TryGetProperty("metric", out var m) && m.ValueKind == JsonValueKind.Object
            ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText(), StringComparer.Ordinal)
            : [];

    // A sample is [unix seconds, "value"]; Prometheus writes the value as a string ("+Inf", "-Inf", "NaN" or a float).
    private static HealthSample Sample(JsonElement pair)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.Number || pair[1].ValueKind != JsonValueKind.String)
        {
            throw new InvalidOperationException("a sample is not [time, \"value\"]");
        }

        var seconds = pair[0].GetDouble();
        var text = pair[1].GetString()!;
        var value = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        if (!double.IsFinite(seconds) || Math.Abs(seconds) > 253_402_300_799)
        {
            throw new InvalidOperationException("a sample's time is out of range");
        }

        return new HealthSample(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), value);
    }

    private sealed class AnswerTooLargeException : IOException
    {
    }

    /// <summary>A read-only view of a stream that throws once more than <c>limit</c> bytes were read.</summary>
    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            read += n;
            return read > limit ? throw new AnswerTooLargeException() : n;
        }
    }
}
