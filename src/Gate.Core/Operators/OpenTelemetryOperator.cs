using Gate.Core.Manifests;
using static Gate.Core.Operators.ManifestTree;

namespace Gate.Core.Operators;

/// <summary>
/// The OpenTelemetry Operator's <c>OpenTelemetryCollector</c> (<c>opentelemetry.io/v1alpha1</c> with
/// <c>spec.config</c> as a string, <c>v1beta1</c> with an object) read as the workload the operator creates
/// (open-telemetry/opentelemetry-operator <c>internal/manifests/collector/collector.go</c> Build): <c>spec.mode</c>
/// daemonset → a DaemonSet (<c>daemonset.go</c>), deployment (the default) → a Deployment, statefulset → a
/// StatefulSet, with <c>spec.replicas</c> raised to <c>spec.autoscaler.minReplicas</c>
/// (<c>internal/manifests/manifestutils/replicas.go</c> GetDesiredReplicas); sidecar → a container injected into
/// annotated pods, which Gate cannot see. Names from <c>internal/naming/main.go</c>: the workload and the
/// self-provisioned service account are <c>NAME-collector</c>, the container <c>otc-container</c>. The container
/// (<c>container.go</c> Container) runs <c>spec.image</c> (else the operator's default collector image) with
/// <c>--config=/conf/collector.yaml</c> first, then <c>spec.args</c> sorted, <c>spec.env</c>, <c>spec.envFrom</c>,
/// <c>spec.volumeMounts</c>; the ConfigMap (<c>configmap.go</c>) holds the config under <c>collector.yaml</c>
/// (<c>internal/config/config.go</c> defaultCollectorConfigMapEntry). With <c>spec.targetAllocator.enabled</c> the
/// operator strips the prometheus receiver's <c>scrape_configs</c> and points it at the target allocator
/// (<c>config_replace.go</c> ReplaceConfig, <c>internal/manifests/targetallocator/adapters/config_to_prom_config.go</c>
/// AddTAConfigToPromConfig): the collector then polls the allocator over HTTP, not the API server.
/// </summary>
public sealed class OpenTelemetryOperator : IOperatorTranslation
{
    /// <summary>The operator's default image (<c>internal/config/config.go</c>): its tag is the operator's version, unknown here.</summary>
    internal const string DefaultImage = "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector";

    private const string ConfigKey = "collector.yaml";
    private const string ConfigVolume = "otc-internal";

    public bool Handles(KubeObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource is { Group: "opentelemetry.io", Kind: "OpenTelemetryCollector" };
    }

    public OperatorOutput? Translate(KubeObject resource, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var spec = resource.Root.GetMapping("spec");
        var mode = spec?.GetString("mode")?.Trim() ?? "deployment";
        reason = (spec, mode) switch
        {
            (null, _) => "it has no spec",
            (_, "sidecar") => "mode sidecar injects the collector into the pods that ask for it (annotation sidecar.opentelemetry.io/inject), which are not this resource",
            (_, not ("daemonset" or "deployment" or "statefulset")) => $"mode {mode} is not one the operator knows (daemonset, deployment, statefulset, sidecar)",
            (_, _) when spec["config"] is not (ManifestMapping or ManifestScalar { IsNull: false }) => "its spec.config is missing, or neither a string nor a mapping",
            _ => null,
        };
        if (reason is not null)
        {
            return null;
        }

        var at = spec!.Position;
        var notes = new List<string>();
        var name = Truncated(resource.Name, "-collector");
        var configNode = spec["config"]!;
        var targetAllocator = spec.GetMapping("targetAllocator")?.GetBoolean("enabled") == true;
        var config = targetAllocator ? WithoutScrapeConfigs(configNode, notes) : configNode as ManifestScalar ?? ConfigText.Write(configNode);
        var configMapName = $"{name}-{Hash(config.Value)}";
        var image = spec.GetString("image");
        if (image is null)
        {
            notes.Add($"spec.image is not set: the operator runs its default collector image ({DefaultImage}) at the operator's version, unknown to Gate");
        }

        var args = spec.GetMapping("args")?.Entries
            .Where(e => e.Key.Value != "config")
            .Select(e => Scalar($"--{e.Key.Value}={e.Value.ScalarValue}", e.Key.Position))
            .OrderBy(a => a.Value, StringComparer.Ordinal) ?? Enumerable.Empty<ManifestScalar>();
        var container = Map(
            at,
            ("name", Scalar("otc-container", at)),
            ("image", spec["image"] ?? Scalar(DefaultImage, at)),
            ("command", spec["command"]),
            ("args", Sequence(at, [Scalar($"--config=/conf/{ConfigKey}", configNode.Position), .. args])),
            ("env", Sequence(at, [.. Items(spec, "env"), FieldEnv("POD_NAME", "metadata.name", at)])),
            ("envFrom", spec["envFrom"]),
            ("volumeMounts", Sequence(at, [Mount(ConfigVolume, "/conf", at), .. Items(spec, "volumeMounts")])));
        var configVolume = ConfigMapVolume(ConfigVolume, configMapName, ConfigKey, at);
        var podSpec = Map(
            at,
            ("serviceAccountName", spec["serviceAccount"] is ManifestScalar { IsNull: false, Value.Length: > 0 } account ? account : Scalar(name, at)),
            ("initContainers", spec["initContainers"]),
            ("containers", Sequence(at, [container, .. Items(spec, "additionalContainers")])),
            ("volumes", Sequence(at, [configVolume, .. Items(spec, "volumes")])));
        var (kind, replicas) = mode switch
        {
            "daemonset" => ("DaemonSet", null),
            "statefulset" => ("StatefulSet", Replicas(spec, notes)),
            _ => ("Deployment", Replicas(spec, notes)),
        };
        var workload = Workload(resource, kind, name, replicas, podSpec);
        return new OperatorOutput
        {
            Resource = resource,
            CreatedBy = $"OpenTelemetryCollector {resource.Namespace ?? "default"}/{resource.Name} (OpenTelemetry Operator, mode {mode})",
            Workloads = [workload],
            Objects = [ConfigMap(resource, configMapName, ConfigKey, config)],
            Notes = notes,
        };
    }

    /// <summary><c>spec.replicas</c> (default 1), never below <c>spec.autoscaler.minReplicas</c>; the autoscaler's maximum is noted.</summary>
    private static ManifestScalar Replicas(ManifestMapping spec, List<string> notes)
    {
        var at = spec.PositionOf("replicas");
        var replicas = Integer(spec, "replicas") ?? 1;
        var autoscaler = spec.GetMapping("autoscaler");
        if (Integer(autoscaler, "minReplicas") is { } min && min > replicas)
        {
            replicas = min;
            at = autoscaler!.PositionOf("minReplicas");
        }

        if (Integer(autoscaler, "maxReplicas") is { } max && max > replicas)
        {
            notes.Add($"spec.autoscaler lets the operator's HPA scale to {max} replicas; estimated at {replicas}");
        }

        return Count(replicas, at);
    }

    /// <summary>
    /// The config with the prometheus receiver's <c>config.scrape_configs</c> left out, as the operator writes it when the
    /// target allocator is enabled; the allocator's own discovery is named in a note.
    /// </summary>
    private static ManifestScalar WithoutScrapeConfigs(ManifestNode config, List<string> notes)
    {
        var tree = config as ManifestMapping;
        if (config is ManifestScalar text)
        {
            try
            {
                var placed = text.IsBlock && text.BlockIndent >= 0
                    ? PositionMap.Shifted(text.Position.File, text.Position.Line + 1, text.BlockIndent)
                    : PositionMap.Fixed(text.Position);
                tree = YamlTreeReader.ReadDocuments(text.Value, placed).FirstOrDefault(d => d is not null) as ManifestMapping;
            }
            catch (GateUsageException)
            {
                tree = null;
            }

            if (tree is null)
            {
                return text;
            }
        }

        notes.Add("spec.targetAllocator is enabled: the operator removes the prometheus receiver's scrape_configs and the collector polls the target allocator over HTTP; "
            + "the allocator's own Deployment (its service discovery) is not estimated here");
        return ConfigText.Write(tree!, path => path is ["receivers", "prometheus", "config", "scrape_configs"]);
    }

    /// <summary><c>NAME</c> + <paramref name="suffix"/>, the name cut so the whole is at most 63 characters (naming.Truncate).</summary>
    internal static string Truncated(string name, string suffix) =>
        (name.Length + suffix.Length > 63 ? name[..(63 - suffix.Length)] : name) + suffix;
}
