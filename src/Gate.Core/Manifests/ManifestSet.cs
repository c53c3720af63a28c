namespace Gate.Core.Manifests;

/// <summary>
/// Every object of the inputs, indexed for linking: workloads → service accounts → (Cluster)RoleBindings →
/// (Cluster)Roles, and workloads → mounted ConfigMaps → the agent config files inside. When the inputs hold copies of
/// one object in several files (<c>envs/dev</c> and <c>envs/prod</c> each with a ConfigMap <c>agent</c>), a workload
/// links to them through <see cref="SeenFrom"/>: the copy in its own file first, then its own folder, then the rest.
/// </summary>
public sealed class ManifestSet
{
    private readonly Dictionary<(string Kind, string Name), List<KubeObject>> byName = [];
    private readonly Dictionary<string, List<RbacBinding>> bindingsBySubject = new(StringComparer.Ordinal);
    private readonly bool hasCopies;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ManifestSet> views = new(StringComparer.Ordinal);

    public ManifestSet(IReadOnlyList<KubeObject> objects)
        : this(objects, [])
    {
    }

    private ManifestSet(IReadOnlyList<KubeObject> objects, IReadOnlyList<ObjectCopies> ties)
    {
        Objects = objects ?? throw new ArgumentNullException(nameof(objects));
        Ties = ties;
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

        hasCopies = byName.Values.Any(list => list.Count > 1 && HasCopies(list));
    }

    public IReadOnlyList<KubeObject> Objects { get; }

    /// <summary>
    /// In a view (<see cref="SeenFrom"/>): the objects whose copies stood equally near the file, so the view kept the
    /// first in input order without a reason to prefer it; empty otherwise.
    /// </summary>
    public IReadOnlyList<ObjectCopies> Ties { get; }

    /// <summary>
    /// The inputs as a workload in <paramref name="file"/> sees them: of the copies of one object (same kind and name,
    /// namespaces that match) in different files, only the nearest is kept — the same file, else the one sharing the
    /// most leading folders with <paramref name="file"/>. The set itself when no object has copies in other files.
    /// </summary>
    public ManifestSet SeenFrom(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return hasCopies ? views.GetOrAdd(file, Resolve) : this;
    }

    /// <summary>How near <paramref name="other"/> is to <paramref name="file"/>: the same file is nearest, then by leading folders in common.</summary>
    public static int Nearness(string file, string other)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(other);
        if (string.Equals(file, other, StringComparison.Ordinal))
        {
            return int.MaxValue;
        }

        var a = file.Replace('\\', '/').Split('/');
        var b = other.Replace('\\', '/').Split('/');
        var common = 0;
        while (common < a.Length - 1 && common < b.Length - 1 && string.Equals(a[common], b[common], StringComparison.Ordinal))
        {
            common++;
        }

        return common;
    }

    /// <summary>True when two objects of one kind and name sit in different files with namespaces that match.</summary>
    private static bool HasCopies(List<KubeObject> list)
    {
        var perFile = list.GroupBy(o => o.Position.File, StringComparer.Ordinal).Select(g => g.Select(o => o.Namespace).ToHashSet()).ToList();
        for (var i = 0; i < perFile.Count; i++)
        {
            for (var j = i + 1; j < perFile.Count; j++)
            {
                if (perFile[i].Contains(null) || perFile[j].Contains(null) || perFile[i].Overlaps(perFile[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private ManifestSet Resolve(string file)
    {
        var dropped = new HashSet<KubeObject>(ReferenceEqualityComparer.Instance);
        var ties = new List<ObjectCopies>();
        foreach (var list in byName.Values.Where(l => l.Count > 1 && HasCopies(l)))
        {
            var kept = new List<(KubeObject Object, string File, int Nearness)>();
            foreach (var (candidate, from, nearness) in list.Select(o => (o, o.Position.File, Nearness(file, o.Position.File))).OrderByDescending(c => c.Item3))
            {
                var nearer = kept.FirstOrDefault(k => k.File != from && SameNamespace(k.Object.Namespace, candidate.Namespace));
                if (nearer.Object is null)
                {
                    kept.Add((candidate, from, nearness));
                    continue;
                }

                dropped.Add(candidate);
                if (nearer.Nearness == nearness)
                {
                    ties.Add(new ObjectCopies(nearer.Object, candidate));
                }
            }
        }

        return new ManifestSet([.. Objects.Where(o => !dropped.Contains(o))], ties);
    }

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
        return value.TextPositions ?? (value.IsBlock && value.BlockIndent >= 0
            ? PositionMap.Shifted(value.Position.File, value.Position.Line + 1, value.BlockIndent)
            : PositionMap.Fixed(value.Position));
    }
}

/// <summary>Two copies of one object that stand equally near a workload: <see cref="Kept"/> is the one linked.</summary>
public sealed record ObjectCopies(KubeObject Kept, KubeObject Other);
