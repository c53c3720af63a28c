namespace Gate.Core.Manifests;

/// <summary>A typed view of a container of a pod template.</summary>
public sealed class ContainerView
{
    public ContainerView(ManifestMapping node, bool isInit)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
        IsInit = isInit;
        Name = node.GetString("name") ?? string.Empty;
        Image = node.GetString("image") ?? string.Empty;
        Command = Strings(node, "command");
        Args = Strings(node, "args");
        Env = node.GetItems("env").OfType<ManifestMapping>().Select(ReadEnv).Where(e => e.Name.Length > 0).ToList();
        EnvFromConfigMaps = node.GetItems("envFrom").OfType<ManifestMapping>()
            .Select(e => e.GetMapping("configMapRef")?.GetString("name")).OfType<string>().ToList();
        VolumeMounts = node.GetItems("volumeMounts").OfType<ManifestMapping>()
            .Select(m => new VolumeMountView(m.GetString("name") ?? string.Empty, m.GetString("mountPath") ?? string.Empty, m.GetString("subPath"), m.Position))
            .ToList();
    }

    public ManifestMapping Node { get; }

    public bool IsInit { get; }

    public string Name { get; }

    public string Image { get; }

    public IReadOnlyList<ManifestScalar> Command { get; }

    public IReadOnlyList<ManifestScalar> Args { get; }

    public IReadOnlyList<EnvVarView> Env { get; }

    public IReadOnlyList<string> EnvFromConfigMaps { get; }

    public IReadOnlyList<VolumeMountView> VolumeMounts { get; }

    public SourcePosition Position => Node.Position;

    /// <summary>Where the image is named (detection origin).</summary>
    public SourcePosition ImagePosition => Node.PositionOf("image");

    /// <summary>Command followed by args.</summary>
    public IEnumerable<ManifestScalar> CommandLine => Command.Concat(Args);

    /// <summary>The image without registry, tag or digest, lower case (e.g. <c>otel/opentelemetry-collector-contrib</c>).</summary>
    public string ImageRepository
    {
        get
        {
            var image = Image;
            var at = image.IndexOf('@', StringComparison.Ordinal);
            if (at >= 0)
            {
                image = image[..at];
            }

            var slash = image.LastIndexOf('/');
            var colon = image.LastIndexOf(':');
            if (colon > slash)
            {
                image = image[..colon];
            }

            return image.ToLowerInvariant();
        }
    }

    /// <summary>The environment variable <paramref name="name"/>, or null.</summary>
    public EnvVarView? FindEnv(string name) => Env.LastOrDefault(e => e.Name == name);

    private static List<ManifestScalar> Strings(ManifestMapping node, string key) =>
        node.GetItems(key).OfType<ManifestScalar>().ToList();

    private static EnvVarView ReadEnv(ManifestMapping env)
    {
        var from = env.GetMapping("valueFrom");
        var cmRef = from?.GetMapping("configMapKeyRef");
        return new EnvVarView
        {
            Name = env.GetString("name") ?? string.Empty,
            Value = env.GetString("value"),
            FieldPath = from?.GetMapping("fieldRef")?.GetString("fieldPath"),
            ConfigMapKey = cmRef is null ? null : (cmRef.GetString("name") ?? string.Empty, cmRef.GetString("key") ?? string.Empty),
            Position = env.Position,
        };
    }
}
