using Gate.Core.Manifests;
using Gate.Core.Operators;

namespace Gate.Core.Agents;

/// <summary>
/// Custom resources that an operator turns into node-agent DaemonSets (or Deployments). Those of an operator in
/// <see cref="OperatorWorkloads"/> are read as the workloads they produce; every other one (and one Gate could not read)
/// is named as a warning rather than left out silently: the author renders the operator's output, or declares the
/// patterns on the resource's workload.
/// </summary>
public static class OperatorResources
{
    /// <summary>(API group, kind, what it becomes) of the operator resources Gate recognises.</summary>
    private static readonly (string Group, string Kind, string Produces)[] Known =
    [
        ("opentelemetry.io", "OpenTelemetryCollector", "the OpenTelemetry Operator's collector (spec.mode daemonset, deployment, statefulset or sidecar; spec.config)"),
        ("collectors.grafana.com", "Alloy", "the Alloy Operator's Grafana Alloy DaemonSet or Deployment"),
        ("monitoring.grafana.com", "GrafanaAgent", "the Grafana Agent Operator's agent"),
        ("datadoghq.com", "DatadogAgent", "the Datadog Operator's node Agent DaemonSet and Cluster Agent Deployment"),
        ("agent.k8s.elastic.co", "Agent", "ECK's Elastic Agent DaemonSet or Deployment"),
        ("beat.k8s.elastic.co", "Beat", "ECK's Beat (Filebeat, Metricbeat …) DaemonSet or Deployment"),
        ("fluentbit.fluent.io", "FluentBit", "the Fluent Operator's Fluent Bit DaemonSet"),
        ("logging.banzaicloud.io", "FluentbitAgent", "the Logging Operator's Fluent Bit DaemonSet"),
        ("operator.tigera.io", "Installation", "the Tigera operator's calico-node DaemonSet and Typha Deployment"),
        ("dynatrace.com", "DynaKube", "the Dynatrace Operator's OneAgent DaemonSet and ActiveGate"),
    ];

    /// <summary>A warning for every operator resource of <paramref name="set"/> whose workloads Gate does not see.</summary>
    public static IEnumerable<Diagnostic> Warnings(ManifestSet set, OperatorExpansion? read = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach (var obj in set.Objects)
        {
            var match = Known.FirstOrDefault(k => k.Kind == obj.Kind && obj.Group == k.Group);
            if (match.Kind is null || read?.WasRead(obj) == true)
            {
                continue;
            }

            var why = read?.Unread.GetValueOrDefault(obj) is { } reason ? $"Gate cannot read it ({reason})" : "Gate does not expand this operator's resources";

            var mode = obj.Kind == "OpenTelemetryCollector" ? obj.Root.GetMapping("spec")?.GetString("mode") ?? "deployment" : null;
            yield return new Diagnostic(
                DiagnosticSeverity.Warning,
                $"{obj.Kind} {obj.Namespace ?? "default"}/{obj.Name}{(mode is null ? string.Empty : $" (mode {mode})")} is {match.Produces}, created by its operator: "
                + $"{why}, so its API requests are not estimated; render the workload the operator creates "
                + $"(e.g. kubectl get daemonset -o yaml from a test cluster) and gate that, or declare the patterns with {DeclaredPatterns.Annotation}",
                obj.Position);
        }
    }
}
