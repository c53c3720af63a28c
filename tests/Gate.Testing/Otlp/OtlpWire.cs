using System.Globalization;
using Google.Protobuf;

namespace Gate.Testing.Otlp;

/// <summary>A span as the OTLP receiver decoded it.</summary>
public sealed record OtlpSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Resource)
{
    /// <summary>Status code: 0 unset, 1 ok, 2 error.</summary>
    public int StatusCode { get; init; }
}

/// <summary>One data point of a metric as the OTLP receiver decoded it.</summary>
/// <param name="Name">Metric name.</param>
/// <param name="Unit">Metric unit.</param>
/// <param name="Attributes">Data point attributes.</param>
/// <param name="Value">Sum or gauge value; for a histogram the sum of the recorded values.</param>
/// <param name="Count">For a histogram the number of recorded values; otherwise 0.</param>
public sealed record OtlpMetricPoint(string Name, string Unit, IReadOnlyDictionary<string, string> Attributes, double Value, long Count);

/// <summary>
/// Decodes the parts of OTLP/protobuf export requests the tests assert on (opentelemetry-proto field numbers:
/// trace/v1/trace.proto, metrics/v1/metrics.proto, common/v1/common.proto), with Google.Protobuf's wire reader.
/// </summary>
public static class OtlpWire
{
    /// <summary>ExportTraceServiceRequest → spans.</summary>
    public static IEnumerable<OtlpSpan> DecodeSpans(byte[] body)
    {
        foreach (var resourceSpans in Fields(body, 1))
        {
            var resource = Fields(resourceSpans, 1).Select(r => Attributes(r)).FirstOrDefault() ?? new Dictionary<string, string>();
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    yield return DecodeSpan(span, resource);
                }
            }
        }
    }

    /// <summary>ExportMetricsServiceRequest → metric names.</summary>
    public static IEnumerable<string> DecodeMetricNames(byte[] body) =>
        from resourceMetrics in Fields(body, 1)
        from scopeMetrics in Fields(resourceMetrics, 2)
        from metric in Fields(scopeMetrics, 2)
        select Text(metric, 1);

    /// <summary>ExportMetricsServiceRequest → data points of sums, gauges and histograms.</summary>
    public static IEnumerable<OtlpMetricPoint> DecodeMetricPoints(byte[] body)
    {
        foreach (var metric in from resourceMetrics in Fields(body, 1) from scopeMetrics in Fields(resourceMetrics, 2) from m in Fields(scopeMetrics, 2) select m)
        {
            var name = Text(metric, 1);
            var unit = Text(metric, 3);
            foreach (var point in Fields(metric, 5).Concat(Fields(metric, 7)).SelectMany(data => Fields(data, 1)))
            {
                // NumberDataPoint: attributes 7, as_double 4, as_int 6
                var value = Scalar(point, 4) is { } d ? BitConverter.Int64BitsToDouble((long)d) : (double)(long)(Scalar(point, 6) ?? 0);
                yield return new OtlpMetricPoint(name, unit, Attributes(point, 7), value, 0);
            }

            foreach (var point in Fields(metric, 9).SelectMany(data => Fields(data, 1)))
            {
                // HistogramDataPoint: attributes 9, count 4, sum 5
                var sum = Scalar(point, 5) is { } d ? BitConverter.Int64BitsToDouble((long)d) : 0;
                yield return new OtlpMetricPoint(name, unit, Attributes(point, 9), sum, (long)(Scalar(point, 4) ?? 0));
            }
        }
    }

    private static OtlpSpan DecodeSpan(byte[] span, IReadOnlyDictionary<string, string> resource)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(span, 9))
        {
            attributes[Text(keyValue, 1)] = AnyValue(Fields(keyValue, 2).FirstOrDefault() ?? []);
        }

        var status = Fields(span, 15).Select(st => (int)(Scalar(st, 3) ?? 0)).FirstOrDefault();
        return new OtlpSpan(Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5), attributes, resource) { StatusCode = status };
    }

    private static Dictionary<string, string> Attributes(byte[] message, int field = 1)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(message, field))
        {
            attributes[Text(keyValue, 1)] = AnyValue(Fields(keyValue, 2).FirstOrDefault() ?? []);
        }

        return attributes;
    }

    private static string AnyValue(byte[] value)
    {
        var input = new CodedInputStream(value);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: return input.ReadString();
                case 2: return input.ReadBool() ? "true" : "false";
                case 3: return input.ReadInt64().ToString(CultureInfo.InvariantCulture);
                case 4: return input.ReadDouble().ToString(CultureInfo.InvariantCulture);
                default: input.SkipLastField(); break;
            }
        }

        return string.Empty;
    }

    private static string Text(byte[] message, int field) =>
        Fields(message, field).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault() ?? string.Empty;

    private static string Hex(byte[] message, int field) =>
        Convert.ToHexStringLower(Fields(message, field).FirstOrDefault() ?? []);

    /// <summary>The first varint or fixed64 value of <paramref name="field"/> (raw bits), or null when absent.</summary>
    private static ulong? Scalar(byte[] message, int field)
    {
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field)
            {
                switch (WireFormat.GetTagWireType(tag))
                {
                    case WireFormat.WireType.Varint: return input.ReadUInt64();
                    case WireFormat.WireType.Fixed64: return input.ReadFixed64();
                    case WireFormat.WireType.Fixed32: return input.ReadFixed32();
                }
            }

            input.SkipLastField();
        }

        return null;
    }

    /// <summary>The payloads of every length-delimited occurrence of <paramref name="field"/> in a message.</summary>
    private static List<byte[]> Fields(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}
