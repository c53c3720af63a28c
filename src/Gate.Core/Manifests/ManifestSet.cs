namespace Gate.Core.Manifests;

/// <summary>
/// Every object of the inputs, indexed for linking: workloads → service accounts → (Cluster)RoleBindings →
/// (Cluster)Roles, and workloads → mounted ConfigMaps → the agent config files inside.
/// </summary>
public sealed class ManifestSet
{
    private readonly Dictionary<(string Kind, string Name), List<KubeObject>> byName = [];
    private readonly Dictionary<string, List<RbacBinding>> bindingsBySubject = new(StringComparer.Ordinal);

    public ManifestSet(IReadOnlyList<KubeObject> objects)
    {
        Objects = objects ?? throw new ArgumentNullException(nameof(objects));
        foreach (var obj in objects)
        {
            if (!byName.TryGetValue((obj.Kind, obj.Name), out var list))
            {
                list = [];
                byName[(obj.Kind, obj.Name)] = list;
            }

            list.Add(obj);
            if (obj.Kind is "RoleBinding" or "ClusterRoleBinding")
            {
                var binding = RbacBinding.Read(obj);
                foreach (var name in binding.ServiceAccounts.Select(sa => sa.Name).Distinct(StringComparer.Ordinal))
                {
                    if (!bindingsBySubject.TryGetValue(name, out var bindings))
                    {
                        bindings = [];
                        bindingsBySubject[name] = bindings;
                    }

                    bindings.Add(binding);
                }
            }
        }
    }

    public IReadOnlyList<KubeObject> Objects { get; }

    /// <summary>DaemonSets (apps/v1 and apps.kruise.io) and Deployments, in input order.</summary>
    public IEnumerable<KubeObject> Workloads => Objects.Where(o => o.Kind is "DaemonSet" or "Deployment");

    /// <summary>Finds an object by kind and name in <paramref name="ns"/>; a missing namespace on either side matches.</summary>
    public KubeObject? Find(string kind, string name, string? ns) =>
        byName.TryGetValue((kind, name), out var list) ? list.FirstOrDefault(o => SameNamespace(o.Namespace, ns)) : null;

    /// <summary>True when two namespaces match, treating an unset namespace as a wildcard (Helm output).</summary>
    public static bool SameNamespace(string? a, string? b) => a is null || b is null || a == b;

    /// <summary>Every rule granted to service account <paramref name="name"/> in <paramref name="ns"/>, with the binding scope.</summary>
    public IReadOnlyList<(RbacRule Rule, string? BindingNamespace, KubeObject Role)> RulesFor(string name, string? ns)
    {
        var result = new List<(RbacRule, string?, KubeObject)>();
        foreach (var binding in bindingsBySubject.TryGetValue(name, out var bindings) ? bindings : [])
        {
            var bindingObject = binding.Object;
            if (!binding.ServiceAccounts.Any(sa => sa.Name == name && SameNamespace(sa.Namespace ?? bindingObject.Namespace, ns)))
            {
                continue;
            }

            var role = binding.RoleKind == "Role"
                ? Find("Role", binding.RoleName, bindingObject.Namespace)
                : Find("ClusterRole", binding.RoleName, null);
            if (role is null)
            {
                continue;
            }

            var scope = bindingObject.Kind == "RoleBinding" ? bindingObject.Namespace ?? ns ?? "default" : null;
            result.AddRange(RbacRule.Read(role).Select(rule => (rule, scope, role)));
        }

        return result;
    }

    /// <summary>The ConfigMap files <paramref name="container"/> mounts (volumes of <paramref name="workload"/>), in mount order.</summary>
    public IReadOnlyList<ConfigFile> ConfigFilesFor(WorkloadObject workload, ContainerView container)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(container);
        var files = new List<ConfigFile>();
        var volumes = workload.Volumes.ToDictionary(v => v.GetString("name") ?? string.Empty, StringComparer.Ordinal);
        foreach (var mount in container.VolumeMounts)
        {
            if (!volumes.TryGetValue(mount.Name, out var volume))
            {
                continue;
            }

            foreach (var (configMapName, source) in WorkloadObject.ConfigMapsOf(volume))
            {
                var configMap = Find("ConfigMap", configMapName, workload.Object.Namespace);
                if (configMap is null)
                {
                    continue;
                }

                files.AddRange(FilesOf(configMap, source, mount));
            }
        }

        return files;
    }

    private IEnumerable<ConfigFile> FilesOf(KubeObject configMap, ManifestMapping? source, VolumeMountView mount)
    {
        var data = configMap.Root.GetMapping("data");
        if (data is null)
        {
            yield break;
        }

        var items = source?.GetItems("items").OfType<ManifestMapping>()
            .Where(i => i.GetString("key") is not null)
            .ToDictionary(i => i.GetString("key")!, i => i.GetString("path") ?? i.GetString("key")!, StringComparer.Ordinal);
        foreach (var (key, value) in data.Entries)
        {
            if (value is not ManifestScalar scalar)
            {
                continue;
            }

            var relative = key.Value;
            if (items is { Count: > 0 })
            {
                if (!items.TryGetValue(key.Value, out var mapped))
                {
                    continue;
                }

                relative = mapped;
            }

            string containerPath;
            if (mount.SubPath is { Length: > 0 } subPath)
            {
                if (subPath != relative)
                {
                    continue;
                }

                containerPath = mount.MountPath;
            }
            else
            {
                containerPath = mount.MountPath.TrimEnd('/') + "/" + relative;
            }

            yield return new ConfigFile
            {
                ContainerPath = containerPath,
                Key = key.Value,
                ConfigMapName = configMap.Name,
                Text = scalar.IsNull ? string.Empty : scalar.Value,
                Positions = PositionsOf(scalar),
                KeyPosition = key.Position,
            };
        }
    }

    /// <summary>How positions inside a ConfigMap value map to the file: literal blocks line by line, others to the value.</summary>
    public PositionMap PositionsOf(ManifestScalar value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.IsBlock && value.BlockIndent >= 0
            ? PositionMap.Shifted(value.Position.File, value.Position.Line + 1, value.BlockIndent)
            : PositionMap.Fixed(value.Position);
    }
}
