using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Agents;

public sealed class OperatorResourcesTests
{
    [Fact]
    public void Discover_OpenTelemetryCollectorSidecarResource_WarningNamesIt()
    {
        const string yaml = """
            apiVersion: opentelemetry.io/v1beta1
            kind: OpenTelemetryCollector
            metadata: {name: node-agent, namespace: obs}
            spec:
              mode: sidecar
              config:
                receivers: {otlp: {protocols: {grpc: {}}}}
            """;

        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("otel.yaml", yaml)]);

        Assert.Empty(result.Workloads);
        var warning = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
        Assert.Contains("OpenTelemetryCollector obs/node-agent (mode sidecar)", warning.Message, StringComparison.Ordinal);
        Assert.Contains(DeclaredPatterns.Annotation, warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, warning.Position?.Line);
    }

    [Theory]
    [InlineData("datadoghq.com/v1alpha1", "DatadogAgent")]
    [InlineData("agent.k8s.elastic.co/v1alpha1", "Agent")]
    [InlineData("beat.k8s.elastic.co/v1beta1", "Beat")]
    [InlineData("fluentbit.fluent.io/v1alpha2", "FluentBit")]
    [InlineData("monitoring.grafana.com/v1alpha1", "GrafanaAgent")]
    public void Discover_OperatorResource_NeverSilent(string apiVersion, string kind)
    {
        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("cr.yaml", $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: x, namespace: obs}}\nspec: {{}}\n")]);

        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.StartsWith($"{kind} obs/x ", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_SameKindOfAnotherGroup_NoWarning()
    {
        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("cr.yaml", "apiVersion: example.com/v1\nkind: Agent\nmetadata: {name: x}\n")]);

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
    }
}
