using Gate.Cli;
using Gate.Core;
using Gate.Core.Diagnostics;
using Gate.Testing;
using Gate.Testing.Otlp;

namespace Gate.Telemetry.Tests;

// ActivitySource listeners are process-wide: every class that starts telemetry is in the one "otlp" collection, so
// none runs in parallel with another.
[Collection(OtlpCollection.Name)]
public sealed class GateTelemetryTests
{
    private const string Secret = "s3cr3t-otlp-token";

    [Fact]
    public void Start_NoEndpoint_CreatesNoExporterAndNoListener()
    {
        using var telemetry = GateTelemetry.Start(_ => null, "1.0.0");

        Assert.False(telemetry.Enabled);
        Assert.False(GateInstrumentation.Source.HasListeners());
    }

    [Fact]
    public void Start_SdkDisabled_CreatesNoExporter()
    {
        var env = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9", ["OTEL_SDK_DISABLED"] = "true" };

        using var telemetry = GateTelemetry.Start(k => env.GetValueOrDefault(k), "1.0.0");

        Assert.False(telemetry.Enabled);
    }

    [Fact]
    public async Task RunAsync_OtlpEndpointSet_ExportsCommandSpanWithServiceAndExitCode()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var env = Environment(receiver);

        var (code, output) = await RunGateAsync(env, "estimate", "does-not-exist.yaml");

        Assert.Equal(ExitCodes.Usage, code);
        var span = Assert.Single(receiver.Spans, s => s.Name == "gate estimate");
        Assert.Equal("2", span.Attributes[GateAttributes.ExitCode]);
        Assert.Equal("gate estimate", span.Attributes[GateAttributes.Command]);
        Assert.Equal("gate-under-test", span.Resource["service.name"]);
        Assert.Equal("ci", span.Resource["deployment.environment"]);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OtlpHeadersSet_SendsHeadersToCollectorButNeverPrintsThem()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var env = Environment(receiver);
        env["OTEL_EXPORTER_OTLP_HEADERS"] = "authorization=Bearer " + Secret;

        var (_, output) = await RunGateAsync(env, "--verbose", "rollout", "agent", "-n", "kube-system", "--image", "x:1");

        Assert.Contains(receiver.Headers, h => h.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "garbage")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer x,=nokey")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "api-key")]
    public void Start_MalformedHeaders_NoExporterAndAWarningNamingTheVariable(string variable, string headers)
    {
        var env = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9", [variable] = headers };

        using var telemetry = GateTelemetry.Start(k => env.GetValueOrDefault(k), "1.0.0");

        Assert.False(telemetry.Enabled);
        Assert.StartsWith(variable + " is not a comma-separated list of key=value pairs", telemetry.Warning, StringComparison.Ordinal);
        Assert.DoesNotContain(headers, telemetry.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedHeaders_WarnsOnceAndRunsTheCommand()
    {
        var env = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9", ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key " + Secret };

        var (code, output) = await RunGateAsync(env, "policies", "list");

        Assert.Equal(ExitCodes.Pass, code);
        Assert.Single(output.Split('\n'), l => l.StartsWith("warning: OTEL_EXPORTER_OTLP_HEADERS", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_AfterRecordingMetrics_FlushesThemToCollector()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var env = Environment(receiver);

        using (GateTelemetry.Start(k => env.GetValueOrDefault(k), "1.0.0"))
        {
            GateInstrumentation.RolloutsStarted.Add(1);
            GateInstrumentation.AnalysisVerdicts.Add(1, new KeyValuePair<string, object?>(GateAttributes.Verdict, "pass"));
        }

        Assert.Contains("gate.rollouts.started", receiver.MetricNames);
        Assert.Contains("gate.analysis.verdicts", receiver.MetricNames);
    }

    internal static Dictionary<string, string> Environment(OtlpReceiver receiver) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = "gate-under-test",
        ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=ci",
    };

    internal static Task<(int Code, string Output)> RunGateAsync(Dictionary<string, string> env, params string[] args) =>
        RunGateInAsync(Directory.GetCurrentDirectory(), env, args);

    internal static async Task<(int Code, string Output)> RunGateInAsync(string directory, Dictionary<string, string> env, params string[] args)
    {
        var result = await InProcessGate.RunAsync(args, environment: env.ToDictionary(p => p.Key, p => (string?)p.Value), workingDirectory: directory);
        return (result.ExitCode, result.Output + result.Error);
    }
}
