using Gate.Core.Manifests;

namespace Gate.Core.Agents.Formats;

/// <summary>
/// A section of an INI-like or directive-based agent config (Fluent Bit <c>[FILTER]</c>, Fluentd
/// <c>&lt;filter&gt;</c>): its name, argument, case-insensitive key/value parameters with positions, and nested sections.
/// </summary>
public sealed class ConfigSection
{
    private readonly List<(string Key, string Value, SourcePosition Position)> parameters = [];
    private readonly List<ConfigSection> children = [];

    public ConfigSection(string name, string argument, SourcePosition position)
    {
        Name = name;
        Argument = argument;
        Position = position;
    }

    /// <summary>Section name, e.g. <c>FILTER</c> or <c>filter</c>.</summary>
    public string Name { get; }

    /// <summary>Text after the name inside the brackets (Fluentd match pattern), else empty.</summary>
    public string Argument { get; }

    public SourcePosition Position { get; }

    public IReadOnlyList<(string Key, string Value, SourcePosition Position)> Parameters => parameters;

    public IReadOnlyList<ConfigSection> Children => children;

    /// <summary>The last value of <paramref name="key"/> (case-insensitive), or null.</summary>
    public string? Get(string key) => parameters.LastOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The position of <paramref name="key"/>, else the section's.</summary>
    public SourcePosition PositionOf(string key)
    {
        var match = parameters.LastOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
        return match.Key is null ? Position : match.Position;
    }

    /// <summary>Fluent Bit / Fluentd booleans: on/true/yes/1.</summary>
    public bool? GetBoolean(string key) => Get(key)?.Trim().Trim('"', '\'').ToUpperInvariant() switch
    {
        "ON" or "TRUE" or "YES" or "1" => true,
        "OFF" or "FALSE" or "NO" or "0" => false,
        _ => null,
    };

    internal void Add(string key, string value, SourcePosition position) => parameters.Add((key, value, position));

    internal void AddChild(ConfigSection child) => children.Add(child);
}
