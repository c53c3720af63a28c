using Gate.Core.Manifests;
using static Gate.Core.Operators.ManifestTree;

namespace Gate.Core.Operators;

/// <summary>
/// Elastic Cloud on Kubernetes (elastic/cloud-on-k8s): a <c>Beat</c> (<c>beat.k8s.elastic.co/v1beta1</c>) or an Elastic
/// <c>Agent</c> (<c>agent.k8s.elastic.co/v1alpha1</c>) read as the DaemonSet (<c>spec.daemonSet</c>) or Deployment
/// (<c>spec.deployment</c>, <c>replicas</c> default 1) ECK creates from its <c>podTemplate</c>:
/// <list type="bullet">
/// <item>Beat (<c>pkg/controller/beat/common/pod.go</c>, <c>name.go</c>): workload <c>NAME-beat-TYPE</c>; the main
/// container is named after <c>spec.type</c> and runs <c>spec.image</c>, else
/// <c>docker.elastic.co/beats/TYPE:VERSION</c> (<c>pkg/controller/common/container/container.go</c>), with
/// <c>-e -c /etc/beat.yml</c>; <c>spec.config</c> is written to <c>beat.yml</c> in the config Secret mounted at that
/// path.</item>
/// <item>Agent (<c>pkg/controller/agent/pod.go</c>, <c>name.go</c>): workload <c>NAME-agent</c>; container <c>agent</c>
/// running <c>elastic-agent/elastic-agent:VERSION</c> from 9.0 (<c>beats/elastic-agent</c> before) with
/// <c>-e -c /etc/agent/elastic-agent.yml</c> and <c>spec.config</c> in that file; in Fleet mode the policy comes from
/// Fleet Server and cannot be read here.</item>
/// </list>
/// The pod template's own fields win, as ECK's pod template builder keeps what the user set: its service account,
/// the main container's image, args, env and mounts, other containers and volumes. A config given by reference
/// (<c>spec.configRef</c>, a Secret) is not read.
/// </summary>
public sealed class EckOperator : IOperatorTranslation
{
    public bool Handles(KubeObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource is { Group: "beat.k8s.elastic.co", Kind: "Beat" } or { Group: "agent.k8s.elastic.co", Kind: "Agent" };
    }

    public OperatorOutput? Translate(KubeObject resource, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var spec = resource.Root.GetMapping("spec");
        var beat = resource.Kind == "Beat";
        var type = beat ? spec?.GetString("type")?.Trim() : "agent";
        var (kind, block) = spec?.GetMapping("daemonSet") is { } ds ? ("DaemonSet", ds) : spec?.GetMapping("deployment") is { } dep ? ("Deployment", dep) : (string.Empty, null);
        reason = spec switch
        {
            null => "it has no spec",
            _ when string.IsNullOrEmpty(type) => "it has no spec.type",
            _ when block is null => "it has neither spec.daemonSet nor spec.deployment",
            _ when spec["configRef"] is not null => "its config is in a Secret (spec.configRef), which Gate does not read",
            _ when !beat && spec.GetString("mode") == "fleet" => "mode fleet: the agent's policy comes from Fleet Server, not from the resource",
            _ => null,
        };
        if (reason is not null)
        {
            return null;
        }

        var at = spec!.Position;
        var notes = new List<string>();
        var name = beat ? $"{resource.Name}-beat-{type}" : $"{resource.Name}-agent";
        var (configPath, configKey) = beat ? ("/etc/beat.yml", "beat.yml") : ("/etc/agent/elastic-agent.yml", "elastic-agent.yml");
        var template = block!.GetMapping("podTemplate")?.GetMapping("spec");
        var containers = Items(template, "containers").OfType<ManifestMapping>().ToList();
        var main = containers.FirstOrDefault(c => c.GetString("name") == type);
        var version = spec.GetString("version") ?? string.Empty;
        var image = main?["image"] ?? spec["image"] ?? Scalar(DefaultImage(type!, version), spec.PositionOf("version"));
        var configMap = $"{name}-config";
        var objects = new List<KubeObject>();
        if (spec["config"] is ManifestMapping config)
        {
            objects.Add(ManifestTree.ConfigMap(resource, configMap, configKey, ConfigText.Write(config)));
        }
        else
        {
            notes.Add("spec.config is empty or not a mapping: ECK writes an empty config, so the agent reads nothing from the API server unless its defaults do");
            objects.Add(ManifestTree.ConfigMap(resource, configMap, configKey, Scalar("{}", at)));
        }

        var container = Map(
            main?.Position ?? at,
            ("name", Scalar(type!, at)),
            ("image", image),
            ("command", main?["command"]),
            ("args", main?["args"] ?? Sequence(at, [Scalar("-e", at), Scalar("-c", at), Scalar(configPath, at)])),
            ("env", main?["env"]),
            ("envFrom", main?["envFrom"]),
            ("volumeMounts", Sequence(at, [Map(at, ("name", Scalar("config", at)), ("mountPath", Scalar(configPath, at)), ("subPath", Scalar(configKey, at))), .. Items(main, "volumeMounts")])));
        var podSpec = Map(
            template?.Position ?? at,
            ("serviceAccountName", template?["serviceAccountName"] ?? spec["serviceAccountName"]),
            ("automountServiceAccountToken", template?["automountServiceAccountToken"]),
            ("initContainers", template?["initContainers"]),
            ("containers", Sequence(at, [container, .. containers.Where(c => !ReferenceEquals(c, main))])),
            ("volumes", Sequence(at, [ConfigMapVolume("config", configMap, null, at), .. Items(template, "volumes")])));
        var replicas = kind == "DaemonSet" ? null : Count(Integer(block, "replicas") ?? 1, block.PositionOf("replicas"));
        return new OperatorOutput
        {
            Resource = resource,
            CreatedBy = $"{resource.Kind} {resource.Namespace ?? "default"}/{resource.Name} (ECK, {(beat ? type + ", " : string.Empty)}spec.{(kind == "DaemonSet" ? "daemonSet" : "deployment")})",
            Workloads = [Workload(resource, kind, name, replicas, podSpec)],
            Objects = objects,
            Notes = notes,
        };
    }

    /// <summary>ECK's image for a Beat type or the Elastic Agent at <paramref name="version"/> (container.go, AgentImageFor).</summary>
    internal static string DefaultImage(string type, string version)
    {
        var major = int.TryParse(version.Split('.')[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 0;
        var repository = type != "agent" ? $"beats/{type}" : major >= 9 ? "elastic-agent/elastic-agent" : "beats/elastic-agent";
        return $"docker.elastic.co/{repository}:{version}";
    }
}
