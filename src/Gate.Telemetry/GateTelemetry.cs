using Gate.Core.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gate.Telemetry;

/// <summary>
/// Exports Gate's spans and metrics over OTLP, configured only by the standard OpenTelemetry environment variables
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>…_PROTOCOL</c>, <c>…_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, signal-specific variants). Without an endpoint nothing is created: no exporter,
/// no listener, no overhead. Disposing flushes what was recorded, so call it before a CLI command exits.
/// </summary>
public sealed class GateTelemetry : IDisposable
{
    private static readonly string[] EndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
    ];

    /// <summary>
    /// Server spans are recorded for <c>gate serve</c>'s analysis endpoint only: probes (<c>/healthz</c>,
    /// <c>/readyz</c>) would be noise, and no other endpoint is the gate's.
    /// </summary>
    private const string AnalysisPath = "/api/v1/analysis";

    private static readonly string[] HeaderVariables =
    [
        "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
        "OTEL_EXPORTER_OTLP_METRICS_HEADERS",
    ];

    private readonly TracerProvider? _tracer;
    private readonly MeterProvider? _meter;

    private GateTelemetry(TracerProvider? tracer, MeterProvider? meter, string? warning = null)
    {
        _tracer = tracer;
        _meter = meter;
        Warning = warning;
    }

    /// <summary>True when an OTLP endpoint is configured and spans/metrics are exported.</summary>
    public bool Enabled => _tracer is not null;

    /// <summary>
    /// Why export is off although an endpoint is configured (a malformed header list, an exporter that would not
    /// start), for the caller to print once; null otherwise. Telemetry never stops a command.
    /// </summary>
    public string? Warning { get; }

    /// <summary>Starts exporting when the environment names an OTLP endpoint; otherwise returns a no-op instance.</summary>
    /// <param name="getEnvironmentVariable">Reads one environment variable (the process's, or a test's dictionary).</param>
    /// <param name="serviceVersion">The gate's version, recorded as <c>service.version</c>.</param>
    public static GateTelemetry Start(Func<string, string?> getEnvironmentVariable, string serviceVersion)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var disabled = string.Equals(getEnvironmentVariable("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);
        if (disabled || !EndpointVariables.Any(v => !string.IsNullOrWhiteSpace(getEnvironmentVariable(v))))
        {
            return new GateTelemetry(null, null);
        }

        // The SDK throws from Build() on a header list it cannot read (and the process would end with it): check the
        // lists first, naming the variable but never its value (headers carry API keys).
        if (HeaderVariables.FirstOrDefault(v => getEnvironmentVariable(v) is { Length: > 0 } h && !IsHeaderList(h)) is { } malformed)
        {
            return new GateTelemetry(null, null, $"{malformed} is not a comma-separated list of key=value pairs; running without the OpenTelemetry exporter");
        }

        try
        {
            return Build(getEnvironmentVariable, serviceVersion);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return new GateTelemetry(null, null, $"the OpenTelemetry exporter did not start ({ex.GetType().Name}: check the OTEL_* variables); running without it");
        }
    }

    /// <summary>True when <paramref name="headers"/> is <c>key=value[,key=value…]</c> with non-empty keys (the OTLP exporter's format).</summary>
    internal static bool IsHeaderList(string headers) =>
        headers.Split(',').All(pair => pair.IndexOf('=', StringComparison.Ordinal) is var eq && eq > 0 && pair[..eq].Trim().Length > 0);

    private static GateTelemetry Build(Func<string, string?> getEnvironmentVariable, string serviceVersion)
    {
        var configuration = OtelConfiguration(getEnvironmentVariable);
        var serviceName = getEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : "gate";
        void Resource(ResourceBuilder r) => r.AddService(serviceName, serviceVersion: serviceVersion);

        var tracer = Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(s => s.AddSingleton(configuration))
            .ConfigureResource(Resource)
            .AddSource(GateInstrumentation.Name)
            .AddHttpClientInstrumentation()
            .AddAspNetCoreInstrumentation(o => o.Filter = http => http.Request.Path.StartsWithSegments(AnalysisPath, StringComparison.Ordinal))
            .AddOtlpExporter()
            .Build();
        try
        {
            var meter = Sdk.CreateMeterProviderBuilder()
                .ConfigureServices(s => s.AddSingleton(configuration))
                .ConfigureResource(Resource)
                .AddMeter(GateInstrumentation.Name)
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter()
                .Build();
            return new GateTelemetry(tracer, meter);
        }
        catch
        {
            tracer.Dispose();
            throw;
        }
    }

    /// <summary>Exports what is buffered, waiting at most <paramref name="timeout"/>.</summary>
    public bool Flush(TimeSpan timeout)
    {
        var ms = (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        var traces = _tracer?.ForceFlush(ms) ?? true;
        var metrics = _meter?.ForceFlush(ms) ?? true;
        return traces && metrics;
    }

    /// <summary>Flushes and shuts the exporters down.</summary>
    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
    }

    /// <summary>
    /// The OpenTelemetry SDK reads its options from <see cref="IConfiguration"/>; give it exactly the OTEL_*
    /// variables of the environment we were handed (so tests can pass their own, and nothing else leaks in).
    /// </summary>
    private static IConfiguration OtelConfiguration(Func<string, string?> getEnvironmentVariable)
    {
        string[] keys =
        [
            .. EndpointVariables,
            "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
            "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_METRICS_HEADERS",
            "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT",
            "OTEL_RESOURCE_ATTRIBUTES", "OTEL_SERVICE_NAME", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_BSP_SCHEDULE_DELAY",
        ];
        var values = keys
            .Select(k => (Key: k, Value: getEnvironmentVariable(k)))
            .Where(kv => !string.IsNullOrEmpty(kv.Value))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
