namespace Gate.Core.Manifests;

/// <summary>
/// A file read from a folder that is not a Kubernetes manifest (a Helm chart's sources, a Kustomize file): what it
/// looks like and how to turn it into manifests Gate can read. <see cref="Position"/> is the file (as the user gave
/// it) and, for a template, its first template action; <see cref="Kind"/> is <see cref="HelmTemplate"/>,
/// <see cref="HelmChartFile"/> or <see cref="KustomizeFile"/>.
/// </summary>
public sealed record SkippedFile(SourcePosition Position, string Kind, string What, string Fix)
{
    /// <summary>What <see cref="Kind"/> says of a Helm chart's templates.</summary>
    public const string HelmTemplate = "Helm template";

    /// <summary>What <see cref="Kind"/> says of a Helm chart's other files (Chart.yaml, values).</summary>
    public const string HelmChartFile = "Helm chart file";

    /// <summary>What <see cref="Kind"/> says of a Kustomize file.</summary>
    public const string KustomizeFile = "Kustomize file";

    /// <summary>The path as the user gave it (or as the folder expansion made it).</summary>
    public string File => Position.File;

    /// <summary><c>looks like a Helm template: render it with `helm template`, then pass the rendered output</c>.</summary>
    public string Message => $"{What}: {Fix}";

    public override string ToString() => $"{Position}: {Message}";

    /// <summary>The exit-2 error for such a file named on the command line.</summary>
    public GateUsageException ToError() => new(What, Position, Fix);
}

/// <summary>
/// Recognises the files of a Helm chart or a Kustomize overlay that sit beside manifests: by name (<c>Chart.yaml</c>,
/// <c>values.yaml</c>, <c>kustomization.yaml</c> …), by kind (<c>kustomize.config.k8s.io</c>), and by Go template
/// actions (<c>{{ … }}</c>) where a rendered manifest cannot have them: a template action that breaks the YAML, a
/// line that is only a template action, or an object whose kind, apiVersion, name or namespace holds one.
/// </summary>
public static class NonManifestFiles
{
    /// <summary>How to turn a Helm template into manifests.</summary>
    public const string HelmFix = "render it with `helm template`, then pass the rendered output";

    /// <summary>How to turn a Helm chart (its templates, Chart.yaml, values) into manifests.</summary>
    public const string ChartFix = "render the chart with `helm template`, then pass the rendered output";
    private const string KustomizeFix = "render it with `kubectl kustomize`, then pass the rendered output";
    private const string TemplateWhat = "looks like a Helm template";

    /// <summary>A file recognised from its name alone (chart metadata, Kustomize files, template helpers); null otherwise.</summary>
    public static SkippedFile? ByName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = FileName(path);
        return name switch
        {
            "Chart.yaml" or "Chart.yml" or "Chart.lock" or "requirements.yaml" or "requirements.lock" or ".helmignore"
                => new SkippedFile(SourcePosition.FileOnly(path), SkippedFile.HelmChartFile, $"a Helm chart's {name}, not a manifest", ChartFix),
            "values.schema.json" => new SkippedFile(SourcePosition.FileOnly(path), SkippedFile.HelmChartFile, "a Helm chart's values schema, not a manifest", ChartFix),
            "kustomization.yaml" or "kustomization.yml" or "Kustomization"
                => new SkippedFile(SourcePosition.FileOnly(path), SkippedFile.KustomizeFile, "a Kustomize file, not a manifest", KustomizeFix),
            _ when name.EndsWith(".tpl", StringComparison.Ordinal) || name.StartsWith("NOTES.", StringComparison.Ordinal)
                => new SkippedFile(SourcePosition.FileOnly(path), SkippedFile.HelmTemplate, TemplateWhat, ChartFix),
            _ => null,
        };
    }

    /// <summary>
    /// A file whose parse failed (<paramref name="error"/>) because it holds Go template actions; null when the error
    /// has another cause (the error then stands).
    /// </summary>
    public static SkippedFile? ByParseError(string path, string text, GateUsageException error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(error);
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return null;
        }

        // Line by line over spans: inputs up to the size limit must not be copied again here.
        var errorLine = error.Position?.Line ?? 0;
        var number = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            number++;
            var line = text.AsSpan()[range];
            var trimmed = line.Trim();
            if ((number == errorLine && line.Contains("{{", StringComparison.Ordinal))
                || (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal)))
            {
                return Template(path, text);
            }
        }

        return null;
    }

    /// <summary>
    /// A file that parsed but is not manifests: a template whose actions sit in an object's identity, a Kustomize
    /// object, or a Helm values file (named <c>values*.yaml</c>) holding no Kubernetes object; null for manifests.
    /// </summary>
    public static SkippedFile? ByContent(string path, string text, IReadOnlyList<KubeObject> objects)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Any(o => new[] { o.Kind, o.ApiVersion, o.Name, o.Namespace }.Any(v => v?.Contains("{{", StringComparison.Ordinal) == true)))
        {
            return Template(path, text);
        }

        if (objects.Any(o => o.ApiVersion.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal)))
        {
            return new SkippedFile(SourcePosition.FileOnly(path), SkippedFile.KustomizeFile, "a Kustomize file, not a manifest", KustomizeFix);
        }

        var name = FileName(path);
        var valuesName = name.StartsWith("values", StringComparison.Ordinal)
            && (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal));
        return objects.Count == 0 && valuesName
            ? new SkippedFile(SourcePosition.FileOnly(path), SkippedFile.HelmChartFile, "a Helm chart's values file, not a manifest", ChartFix)
            : null;
    }

    private static SkippedFile Template(string path, string text)
    {
        var at = text.IndexOf("{{", StringComparison.Ordinal);
        var position = at < 0
            ? SourcePosition.FileOnly(path)
            : new SourcePosition(path, text.AsSpan(0, at).Count('\n') + 1, at - text.LastIndexOf('\n', Math.Max(0, at - 1)));
        return new SkippedFile(position, SkippedFile.HelmTemplate, TemplateWhat, HelmFix);
    }

    private static string FileName(string path)
    {
        var slash = path.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
