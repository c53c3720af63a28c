using Gate.Core.Manifests;
using static Gate.Core.Operators.ManifestTree;

namespace Gate.Core.Operators;

/// <summary>
/// Grafana's Alloy Operator (<c>collectors.grafana.com/v1alpha1</c> <c>Alloy</c>), a Helm operator: its
/// <c>spec</c> is the values of the Alloy Helm chart it vendors, installed as a release named like the resource
/// (grafana/alloy-operator <c>operator/watches.yaml</c>, chart <c>operator/helm-charts/alloy</c> 1.11.0, Alloy v1.18.0).
/// Read from the chart's templates: <c>controller.type</c> daemonset (the default), deployment or statefulset with
/// <c>controller.replicas</c> (<c>templates/controllers/*.yaml</c>); the name is the release name when it contains
/// <c>alloy</c>, else <c>NAME-alloy</c>, or <c>fullnameOverride</c> (<c>templates/_helpers.tpl</c> alloy.fullname);
/// the <c>alloy</c> container runs <c>run /etc/alloy/KEY</c> with the ConfigMap mounted at <c>/etc/alloy</c>,
/// <c>HOSTNAME</c> from the node name, <c>alloy.extraEnv</c>/<c>envFrom</c>/<c>extraArgs</c>/<c>mounts.extra</c>
/// (<c>templates/containers/_agent.yaml</c>); a config-reloader container unless <c>configReloader.enabled</c> is
/// false, <c>controller.extraContainers</c>/<c>initContainers</c>/<c>volumes.extra</c>
/// (<c>templates/controllers/_pod.yaml</c>); the ConfigMap holds <c>alloy.configMap.content</c> under
/// <c>config.alloy</c> (or <c>alloy.configMap.key</c>), else the chart's example config, and with
/// <c>configMap.create: false</c> the workload mounts the ConfigMap <c>alloy.configMap.name</c>
/// (<c>templates/configmap.yaml</c>, <c>templates/_config.tpl</c>); the service account is the release's unless
/// <c>serviceAccount.create</c> is false (<c>alloy.serviceAccountName</c>).
/// </summary>
public sealed class AlloyOperator : IOperatorTranslation
{
    /// <summary>The chart's default image (values.yaml <c>image</c>, Chart.yaml appVersion of chart 1.11.0).</summary>
    internal const string DefaultImage = "docker.io/grafana/alloy:v1.18.0";

    /// <summary>
    /// What the chart's <c>config/example.alloy</c> asks for when <c>configMap.content</c> is empty: a
    /// <c>discovery.kubernetes</c> component of each role, none with a selector.
    /// </summary>
    private static readonly string ExampleConfig = string.Concat(
        new[] { "pod", "node", "service", "endpoints", "endpointslice", "ingress" }.Select(role => $"discovery.kubernetes \"{role}\" {{\n  role = \"{role}\"\n}}\n"));

    public bool Handles(KubeObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource is { Group: "collectors.grafana.com", Kind: "Alloy" };
    }

    public OperatorOutput? Translate(KubeObject resource, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var values = resource.Root.GetMapping("spec") ?? new ManifestMapping([], resource.Position);
        var alloy = values.GetMapping("alloy");
        var configMap = alloy?.GetMapping("configMap");
        var secret = alloy?.GetMapping("secret");
        var controller = values.GetMapping("controller");
        var type = controller?.GetString("type")?.Trim() ?? "daemonset";
        reason = type is "daemonset" or "deployment" or "statefulset" ? null : $"controller.type {type} is not one the chart knows (daemonset, deployment, statefulset)";
        if (secret?.GetBoolean("create") == true || secret?.GetString("name") is { Length: > 0 })
        {
            reason = "its config is in a Secret (alloy.secret), which Gate does not read";
        }

        if (reason is not null)
        {
            return null;
        }

        var at = values.Position;
        var notes = new List<string>();
        var name = FullName(resource.Name, values);
        var key = configMap?.GetString("key") is { Length: > 0 } k ? k : "config.alloy";
        var objects = new List<KubeObject>();
        string configMapName;
        if (configMap?.GetBoolean("create") == false)
        {
            configMapName = configMap.GetString("name") ?? name;
        }
        else
        {
            configMapName = configMap?.GetString("name") is { Length: > 0 } named ? named : name;
            var content = configMap?["content"] as ManifestScalar;
            if (content is not { IsNull: false, Value.Length: > 0 })
            {
                notes.Add("alloy.configMap.content is empty: the chart installs its example config (a discovery.kubernetes component of every role, cluster-wide)");
                content = Scalar(ExampleConfig, configMap?.Position ?? at);
            }

            objects.Add(ManifestTree.ConfigMap(resource, configMapName, key, content));
        }

        var image = values.GetMapping("image");
        var imageName = ImageName(values, image);
        if (imageName == DefaultImage)
        {
            notes.Add($"image is not set: the chart's default {DefaultImage} (Alloy Operator 0.6.2) is assumed");
        }

        var args = new List<ManifestNode> { Scalar("run", at), Scalar($"/etc/alloy/{key}", configMap?.Position ?? at), Scalar($"--storage.path={alloy?.GetString("storagePath") ?? "/tmp/alloy"}", at) };
        if (alloy?.GetMapping("clustering")?.GetBoolean("enabled") == true)
        {
            args.AddRange([Scalar("--cluster.enabled=true", alloy.PositionOf("clustering")), Scalar($"--cluster.join-addresses={name}-cluster", alloy.PositionOf("clustering"))]);
        }

        var container = Map(
            at,
            ("name", Scalar("alloy", at)),
            ("image", Scalar(imageName, image?.Position ?? at)),
            ("args", Sequence(at, [.. args, .. Items(alloy, "extraArgs")])),
            ("env", Sequence(at, [Env("ALLOY_DEPLOY_MODE", "helm", at), FieldEnv("HOSTNAME", "spec.nodeName", at), .. Items(alloy, "extraEnv")])),
            ("envFrom", alloy?["envFrom"]),
            ("volumeMounts", Sequence(at, [Mount("config", "/etc/alloy", at), .. Items(alloy?.GetMapping("mounts"), "extra")])));
        var reloader = values.GetMapping("configReloader")?.GetBoolean("enabled") == false
            ? null
            : Map(at, ("name", Scalar("config-reloader", at)), ("image", Scalar("quay.io/prometheus-operator/prometheus-config-reloader", at)));
        var podSpec = Map(
            at,
            ("serviceAccountName", Scalar(ServiceAccount(values.GetMapping("serviceAccount"), name), values.GetMapping("serviceAccount")?.Position ?? at)),
            ("initContainers", controller?["initContainers"]),
            ("containers", Sequence(at, [container, .. reloader is null ? [] : new[] { reloader }, .. Items(controller, "extraContainers")])),
            ("volumes", Sequence(at, [ConfigMapVolume("config", configMapName, null, at), .. Items(controller?.GetMapping("volumes"), "extra")])));
        var kind = type switch { "daemonset" => "DaemonSet", "statefulset" => "StatefulSet", _ => "Deployment" };
        var replicas = kind == "DaemonSet" ? null : Count(Integer(controller, "replicas") ?? 1, controller?.PositionOf("replicas") ?? at);
        if (kind != "DaemonSet" && controller?.GetMapping("autoscaling")?.GetMapping("horizontal")?.GetBoolean("enabled") == true)
        {
            notes.Add("controller.autoscaling.horizontal is enabled: the HPA may run more replicas than estimated");
        }

        return new OperatorOutput
        {
            Resource = resource,
            CreatedBy = $"Alloy {resource.Namespace ?? "default"}/{resource.Name} (Alloy Operator, controller.type {type})",
            Workloads = [Workload(resource, kind, name, replicas, podSpec)],
            Objects = objects,
            Notes = notes,
        };
    }

    /// <summary>alloy.fullname: <c>fullnameOverride</c>, else the release name when it contains the chart name, else <c>RELEASE-alloy</c>; at most 63 characters.</summary>
    private static string FullName(string release, ManifestMapping values)
    {
        var chart = values.GetString("nameOverride") is { Length: > 0 } n ? n : "alloy";
        var full = values.GetString("fullnameOverride") is { Length: > 0 } o ? o
            : release.Contains(chart, StringComparison.Ordinal) ? release
            : $"{release}-{chart}";
        return (full.Length > 63 ? full[..63] : full).TrimEnd('-');
    }

    /// <summary>alloy.serviceAccountName: the release's account (or <c>serviceAccount.name</c>) when created, else that name or <c>default</c>.</summary>
    private static string ServiceAccount(ManifestMapping? account, string fullName) =>
        account?.GetString("name") is { Length: > 0 } named ? named
        : account?.GetBoolean("create") == false ? "default"
        : fullName;

    /// <summary><c>REGISTRY/REPOSITORY</c> with <c>@sha256:DIGEST</c>, <c>:TAG</c> or the chart's app version (alloy.imageId).</summary>
    private static string ImageName(ManifestMapping values, ManifestMapping? image)
    {
        var registry = values.GetMapping("global")?.GetMapping("image")?.GetString("registry") is { Length: > 0 } g ? g
            : image?.GetString("registry") is { Length: > 0 } r ? r : "docker.io";
        var repository = image?.GetString("repository") is { Length: > 0 } repo ? repo : "grafana/alloy";
        var id = image?.GetString("digest") is { Length: > 0 } digest ? "@" + (digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest : "sha256:" + digest)
            : image?.GetString("tag") is { Length: > 0 } tag ? ":" + tag
            : ":v1.18.0";
        return $"{registry}/{repository}{id}";
    }
}
