using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>What an agent model sees: the workload, one container and the config files that container mounts.</summary>
public sealed class AgentContext
{
    public AgentContext(WorkloadObject workload, ContainerView container, IReadOnlyList<ConfigFile> configFiles, InputLimits limits)
    {
        Workload = workload ?? throw new ArgumentNullException(nameof(workload));
        Container = container ?? throw new ArgumentNullException(nameof(container));
        ConfigFiles = configFiles ?? throw new ArgumentNullException(nameof(configFiles));
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
    }

    public WorkloadObject Workload { get; }

    public ContainerView Container { get; }

    /// <summary>Files from ConfigMaps the container mounts.</summary>
    public IReadOnlyList<ConfigFile> ConfigFiles { get; }

    public InputLimits Limits { get; }

    /// <summary>
    /// Every object of the inputs (Services, ConfigMaps, other workloads), for agents whose requests depend on them —
    /// a fan-in proxy such as Calico's Typha; null when the caller has none.
    /// </summary>
    public ManifestSet? Manifests { get; init; }

    /// <summary>
    /// The value of the container's environment variable <paramref name="name"/>: its literal value, or the ConfigMap key
    /// it refers to when that ConfigMap is in the inputs; null when unset or unresolvable.
    /// </summary>
    public string? EnvValue(string name)
    {
        var env = Container.FindEnv(name);
        if (env?.Value is { } literal)
        {
            return literal;
        }

        return env?.ConfigMapKey is { } key
            ? Manifests?.Find("ConfigMap", key.Name, Workload.Object.Namespace)?.Root.GetMapping("data")?.GetString(key.Key)
            : null;
    }

    /// <summary>The command-line arguments (command + args) as text.</summary>
    public IEnumerable<string> Arguments => Container.CommandLine.Select(a => a.Value);

    /// <summary>
    /// The value of a command-line flag: <c>--name=value</c>, <c>-name=value</c> or <c>--name value</c> (any of
    /// <paramref name="names"/>); null when absent, empty when given without a value.
    /// </summary>
    public ManifestScalar? Flag(params string[] names)
    {
        var args = Container.CommandLine.ToList();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i].Value;
            foreach (var name in names)
            {
                if (arg == name)
                {
                    return i + 1 < args.Count && !args[i + 1].Value.StartsWith('-') ? args[i + 1] : new ManifestScalar(string.Empty, args[i].Position);
                }

                if (arg.StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return new ManifestScalar(arg[(name.Length + 1)..], args[i].Position);
                }
            }
        }

        return null;
    }

    /// <summary>True when a flag (any of <paramref name="names"/>) is present.</summary>
    public bool HasFlag(params string[] names) => Flag(names) is not null;

    /// <summary>
    /// Config files the agent reads: those whose container path is named on the command line when any is, otherwise
    /// every mounted file accepted by <paramref name="accept"/>.
    /// </summary>
    public IReadOnlyList<ConfigFile> SelectConfigs(Func<ConfigFile, bool> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        var candidates = ConfigFiles.Where(accept).ToList();
        var args = Arguments.ToList();
        var named = candidates.Where(f => args.Any(a => a.Contains(f.ContainerPath, StringComparison.Ordinal))).ToList();
        return named.Count > 0 ? named : candidates;
    }

    /// <summary>
    /// The YAML/JSON config files (named on the command line when any is) whose root mapping
    /// <paramref name="isAgentConfig"/> accepts; unreadable files become notes.
    /// </summary>
    public IReadOnlyList<ManifestMapping> YamlConfigs(Func<ManifestMapping, bool> isAgentConfig, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(isAgentConfig);
        return SelectConfigs(ConfigDocuments.IsYamlLike)
            .Select(f => ConfigDocuments.ReadMapping(f, Limits, notes))
            .OfType<ManifestMapping>()
            .Where(isAgentConfig)
            .ToList();
    }

    /// <summary>
    /// The environment variable a config value refers to (<c>${env:X}</c>, <c>${X}</c>, <c>$(X)</c>, <c>$X</c>,
    /// <c>env("X")</c>, <c>ENV['X']</c>), or null when it is a literal.
    /// </summary>
    public static string? EnvReference(string? value) => EnvReferences.Single(value);

    /// <summary>
    /// A node-name field selector for <paramref name="field"/> from a config value: <c>field=$(VAR)</c> when the value
    /// refers to an environment variable, <c>field=value</c> for a literal; null when empty or referring to a
    /// variable the container does not set (the agent then sends no selector).
    /// </summary>
    public string? NodeSelector(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var variable = EnvReference(value);
        if (variable is null)
        {
            return $"{field}={value.Trim()}";
        }

        return Container.FindEnv(variable) is null ? null : $"{field}=$({variable})";
    }

    /// <summary>A node-name selector from an environment variable the container must set from <c>spec.nodeName</c>.</summary>
    public string? NodeSelectorFromEnv(string field, string variable) =>
        Container.FindEnv(variable) is { } env && (env.IsNodeName || env.Value is { Length: > 0 }) ? $"{field}=$({variable})" : null;
}
