namespace Gate.Core.Manifests;

/// <summary>
/// A typed view of a DaemonSet (<c>apps/v1</c> or OpenKruise <c>apps.kruise.io</c>) or Deployment: its pod template,
/// containers, volumes and service account.
/// </summary>
public sealed class WorkloadObject
{
    private WorkloadObject(KubeObject obj, ManifestMapping template, ManifestMapping podSpec)
    {
        Object = obj;
        Template = template;
        PodSpec = podSpec;
        Containers = podSpec.GetItems("containers").OfType<ManifestMapping>().Select(c => new ContainerView(c, false)).ToList();
        InitContainers = podSpec.GetItems("initContainers").OfType<ManifestMapping>().Select(c => new ContainerView(c, true)).ToList();
    }

    public KubeObject Object { get; }

    public ManifestMapping Template { get; }

    public ManifestMapping PodSpec { get; }

    public bool IsDaemonSet => Object.Kind == "DaemonSet";

    public IReadOnlyList<ContainerView> Containers { get; }

    public IReadOnlyList<ContainerView> InitContainers { get; }

    /// <summary><c>spec.replicas</c> of a Deployment (default 1); 1 for a DaemonSet.</summary>
    public int Replicas =>
        !IsDaemonSet && int.TryParse(Object.Root.GetMapping("spec")?.GetString("replicas"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var r) && r >= 0 ? r : 1;

    /// <summary>The pod's service account (<c>serviceAccountName</c>, deprecated <c>serviceAccount</c>, else <c>default</c>).</summary>
    public string ServiceAccountName => PodSpec.GetString("serviceAccountName") ?? PodSpec.GetString("serviceAccount") ?? "default";

    /// <summary>False when <c>automountServiceAccountToken: false</c> and no projected token is mounted.</summary>
    public bool MountsApiToken =>
        PodSpec.GetBoolean("automountServiceAccountToken") != false
        || Volumes.Any(v => v.GetMapping("projected")?.GetItems("sources").OfType<ManifestMapping>().Any(s => s["serviceAccountToken"] is not null) == true);

    /// <summary>The pod template's volumes.</summary>
    public IReadOnlyList<ManifestMapping> Volumes => PodSpec.GetItems("volumes").OfType<ManifestMapping>().ToList();

    /// <summary>Pod template annotations.</summary>
    public IReadOnlyDictionary<string, string> TemplateAnnotations => KubeObject.StringMap(Template.GetMapping("metadata")?.GetMapping("annotations"));

    /// <summary>ConfigMap names behind a volume (configMap or projected sources), or empty.</summary>
    public static IReadOnlyList<(string ConfigMap, ManifestMapping? Items)> ConfigMapsOf(ManifestMapping volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var result = new List<(string, ManifestMapping?)>();
        if (volume.GetMapping("configMap") is { } cm && cm.GetString("name") is { } name)
        {
            result.Add((name, cm));
        }

        foreach (var source in volume.GetMapping("projected")?.GetItems("sources").OfType<ManifestMapping>() ?? [])
        {
            if (source.GetMapping("configMap") is { } pcm && pcm.GetString("name") is { } pname)
            {
                result.Add((pname, pcm));
            }
        }

        return result;
    }

    /// <summary>Reads the workload view of a DaemonSet or Deployment; throws on a missing pod template or containers.</summary>
    public static WorkloadObject From(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var spec = obj.Root.GetMapping("spec")
            ?? throw new GateUsageException($"{obj.Kind} {obj.Name} has no spec", obj.Position, "add spec.template");
        var template = spec.GetMapping("template")
            ?? throw new GateUsageException($"{obj.Kind} {obj.Name} has no spec.template", spec.Position, "add the pod template");
        var podSpec = template.GetMapping("spec")
            ?? throw new GateUsageException($"{obj.Kind} {obj.Name} has no spec.template.spec", template.Position, "add the pod spec");
        if (podSpec["containers"] is not ManifestSequence { Items.Count: > 0 } containers)
        {
            throw new GateUsageException(
                $"{obj.Kind} {obj.Name} has no containers",
                podSpec.KeyNode("containers")?.Position ?? podSpec.Position,
                "add at least one container under spec.template.spec.containers");
        }

        foreach (var item in containers.Items)
        {
            if (item is not ManifestMapping container || container.GetString("name") is null)
            {
                throw new GateUsageException($"{obj.Kind} {obj.Name}: every container needs a name", item.Position);
            }

            if (container.GetString("image") is not { Length: > 0 })
            {
                throw new GateUsageException($"{obj.Kind} {obj.Name}: container {container.GetString("name")} has no image", container.Position, "set the container image");
            }
        }

        return new WorkloadObject(obj, template, podSpec);
    }
}
