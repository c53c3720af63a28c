using System.Globalization;
using System.Net;
using System.Text.Json;
using Gate.Core.Health;

namespace Gate.Prometheus;

/// <summary>Reads the JSON envelope of the Prometheus HTTP API into series, or throws <see cref="PrometheusQueryException"/>.</summary>
public static class PrometheusResponseParser
{
    /// <summary>Parses a query or query_range answer (vector, matrix or scalar).</summary>
    public static IReadOnlyList<HealthSeries> Parse(HttpStatusCode status, string body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new PrometheusQueryException(ErrorKind(status), $"HTTP {(int)status}: the answer is not Prometheus API JSON");
        }

        using (doc)
        {
            var root = doc.RootElement;
            var ok = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) && s.GetString() == "success";
            if (!ok || (int)status >= 400)
            {
                var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errorType", out var t) ? t.GetString() : null;
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.GetString() : null;
                var kind = type is "bad_data" ? HealthQueryErrorKind.BadQuery : type is "timeout" ? HealthQueryErrorKind.Timeout : ErrorKind(status);
                throw new PrometheusQueryException(kind, $"HTTP {(int)status} {type ?? "error"}: {error ?? "no message"}");
            }

            var data = root.GetProperty("data");
            var resultType = data.GetProperty("resultType").GetString();
            var result = data.GetProperty("result");
            return resultType switch
            {
                "matrix" => result.EnumerateArray().Select(r => new HealthSeries(Labels(r), r.GetProperty("values").EnumerateArray().Select(Sample).ToList())).ToList(),
                "vector" => result.EnumerateArray().Select(r => new HealthSeries(Labels(r), [Sample(r.GetProperty("value"))])).ToList(),
                "scalar" => [new HealthSeries(new Dictionary<string, string>(), [Sample(result)])],
                _ => throw new PrometheusQueryException(HealthQueryErrorKind.BadQuery, $"unsupported result type '{resultType}'"),
            };
        }
    }

    private static HealthQueryErrorKind ErrorKind(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity ? HealthQueryErrorKind.BadQuery
        : status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout ? HealthQueryErrorKind.Timeout
        : HealthQueryErrorKind.ServerError;

    private static Dictionary<string, string> Labels(JsonElement r) =>
        r.TryGetProperty("metric", out var m) ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal) : [];

    private static HealthSample Sample(JsonElement pair)
    {
        var seconds = pair[0].GetDouble();
        var text = pair[1].GetString() ?? "NaN";
        var value = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new HealthSample(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), value);
    }
}
