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
    IReadOnlyDictionary<string, string> Resource);

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
            var resource = Fields(resourceSpans, 1).Select(Attributes).FirstOrDefault() ?? new Dictionary<string, string>();
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

    private static OtlpSpan DecodeSpan(byte[] span, IReadOnlyDictionary<string, string> resource)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(span, 9))
        {
            attributes[Text(keyValue, 1)] = AnyValue(Fields(keyValue, 2).FirstOrDefault() ?? []);
        }

        return new OtlpSpan(Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5), attributes, resource);
    }

    private static Dictionary<string, string> Attributes(byte[] message)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(message, 1))
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
