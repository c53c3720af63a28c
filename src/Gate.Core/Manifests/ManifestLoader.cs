namespace Gate.Core.Manifests;

/// <summary>
/// Parses manifest sources (multi-document YAML, JSON, <c>kind: List</c>) into <see cref="KubeObject"/>s and checks
/// the kinds Gate reads (DaemonSet, Deployment, ServiceAccount, RBAC, ConfigMap) are served by their apiVersion.
/// Every failure is a <see cref="GateUsageException"/> with a position and a hint.
/// </summary>
public static class ManifestLoader
{
    private static readonly Dictionary<string, string[]> ServedVersions = new(StringComparer.Ordinal)
    {
        ["DaemonSet"] = ["apps/v1", "apps.kruise.io/v1alpha1", "apps.kruise.io/v1beta1"],
        ["Deployment"] = ["apps/v1"],
        ["ServiceAccount"] = ["v1"],
        ["ConfigMap"] = ["v1"],
        ["Role"] = ["rbac.authorization.k8s.io/v1"],
        ["ClusterRole"] = ["rbac.authorization.k8s.io/v1"],
        ["RoleBinding"] = ["rbac.authorization.k8s.io/v1"],
        ["ClusterRoleBinding"] = ["rbac.authorization.k8s.io/v1"],
    };

    /// <summary>Parses one source into objects; documents that are not Kubernetes objects become diagnostics.</summary>
    public static IReadOnlyList<KubeObject> Load(ManifestSource source, ICollection<Diagnostic> diagnostics, InputLimits? limits = null) =>
        Load(source, diagnostics, [], limits);

    /// <summary>
    /// Parses one source into objects. A file that is not manifests (<see cref="NonManifestFiles"/>: a Helm template,
    /// chart or values file, a Kustomize file) is added to <paramref name="skipped"/> and yields no object when it came
    /// from a folder (<see cref="ManifestSource.FromFolder"/>); named on its own it is a usage error saying how to render it.
    /// </summary>
    public static IReadOnlyList<KubeObject> Load(ManifestSource source, ICollection<Diagnostic> diagnostics, ICollection<SkippedFile> skipped, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(skipped);
        limits ??= InputLimits.Default;
        if (NonManifestFiles.ByName(source.Path) is { } named)
        {
            return Skip(source, named, diagnostics, skipped);
        }

        if (source.Content.Length > limits.MaxBytes)
        {
            throw new GateUsageException(
                $"input is {source.Content.Length / (1024.0 * 1024.0):F1} MB, more than the {limits.MaxBytes / (1024 * 1024)} MB limit",
                SourcePosition.FileOnly(source.Path),
                "pass only the manifests of the workloads to check");
        }

        var text = TextDecoder.Decode(source.Content.Span, source.Path);
        var notes = new List<Diagnostic>();
        IReadOnlyList<KubeObject> objects;
        try
        {
            objects = Parse(source.Path, text, notes, limits);
        }
        catch (GateUsageException error) when (error.Position?.File == source.Path && NonManifestFiles.ByParseError(source.Path, text, error) is { } template)
        {
            return Skip(source, template, diagnostics, skipped);
        }

        if (NonManifestFiles.ByContent(source.Path, text, objects) is { } other)
        {
            return Skip(source, other, diagnostics, skipped);
        }

        foreach (var note in notes)
        {
            diagnostics.Add(note);
        }

        return objects;
    }

    private static List<KubeObject> Skip(ManifestSource source, SkippedFile file, ICollection<Diagnostic> diagnostics, ICollection<SkippedFile> skipped)
    {
        if (!source.FromFolder)
        {
            throw file.ToError();
        }

        skipped.Add(file);
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "skipped: " + file.Message, file.Position));
        return [];
    }

    private static List<KubeObject> Parse(string path, string text, List<Diagnostic> diagnostics, InputLimits limits)
    {
        var map = PositionMap.ForFile(path);
        var documents = JsonTreeReader.LooksLikeJson(text)
            ? JsonTreeReader.ReadDocuments(text, map, limits)
            : YamlTreeReader.ReadDocuments(text, map, limits);

        var objects = new List<KubeObject>();
        foreach (var document in documents)
        {
            if (document is not null)
            {
                Collect(document, objects, diagnostics, 0);
            }
        }

        return objects;
    }

    private static void Collect(ManifestNode node, List<KubeObject> objects, ICollection<Diagnostic> diagnostics, int depth)
    {
        switch (node)
        {
            case ManifestSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Collect(item, objects, diagnostics, depth + 1);
                }

                return;
            case ManifestMapping mapping:
                CollectObject(mapping, objects, diagnostics, depth);
                return;
            default:
                throw new GateUsageException("a manifest document must be a mapping (a Kubernetes object)", node.Position, "remove the stray value");
        }
    }

    private static void CollectObject(ManifestMapping mapping, List<KubeObject> objects, ICollection<Diagnostic> diagnostics, int depth)
    {
        var apiVersion = mapping.GetString("apiVersion");
        var kind = mapping.GetString("kind");
        if (apiVersion is null && kind is null)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, "skipped a document without apiVersion and kind (not a Kubernetes object)", mapping.Position));
            return;
        }

        if (kind is null || kind.Length == 0)
        {
            throw new GateUsageException("object has apiVersion but no kind", mapping.PositionOf("apiVersion"), "add the kind, e.g. kind: DaemonSet");
        }

        if (apiVersion is null || apiVersion.Length == 0)
        {
            throw new GateUsageException($"{kind} has no apiVersion", mapping.PositionOf("kind"), Hint(kind) ?? "add the apiVersion");
        }

        if (kind == "List" || (kind.EndsWith("List", StringComparison.Ordinal) && mapping["items"] is ManifestSequence))
        {
            if (depth > 4)
            {
                throw new GateUsageException("kind: List nested too deeply", mapping.Position);
            }

            if (mapping["items"] is { } items and not ManifestSequence && items is not ManifestScalar { IsNull: true })
            {
                throw new GateUsageException("List.items must be a sequence", items.Position);
            }

            foreach (var item in mapping.GetItems("items"))
            {
                if (item is not ManifestMapping itemMap)
                {
                    throw new GateUsageException("List items must be Kubernetes objects", item.Position);
                }

                CollectObject(itemMap, objects, diagnostics, depth + 1);
            }

            return;
        }

        if (ServedVersions.TryGetValue(kind, out var versions) && !versions.Contains(apiVersion, StringComparer.Ordinal))
        {
            throw new GateUsageException(
                $"{kind} is not served by apiVersion {apiVersion}",
                mapping.PositionOf("apiVersion"),
                Hint(kind));
        }

        var metadata = mapping["metadata"];
        if (metadata is not null and not ManifestMapping && metadata is not ManifestScalar { IsNull: true })
        {
            throw new GateUsageException($"{kind}.metadata must be a mapping", metadata.Position);
        }

        var name = (metadata as ManifestMapping)?.GetString("name") ?? (metadata as ManifestMapping)?.GetString("generateName") ?? string.Empty;
        if (versions is not null && name.Length == 0)
        {
            throw new GateUsageException($"{kind} has no metadata.name", mapping.PositionOf("metadata"), "add metadata.name");
        }

        objects.Add(new KubeObject
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = name,
            Namespace = (metadata as ManifestMapping)?.GetString("namespace") is { Length: > 0 } ns ? ns : null,
            Root = mapping,
        });
    }

    private static string? Hint(string kind) =>
        ServedVersions.TryGetValue(kind, out var versions) ? "use apiVersion: " + string.Join(" or ", versions) : null;
}
