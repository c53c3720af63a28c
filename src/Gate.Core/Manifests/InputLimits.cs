namespace Gate.Core.Manifests;

/// <summary>
/// Bounds on untrusted input so that any single file parses in bounded time and memory (issue 4: &lt; 2 s, &lt; 500 MB).
/// </summary>
public sealed record InputLimits
{
    /// <summary>Largest accepted input, bytes (50 MB).</summary>
    public long MaxBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Most nodes YAML aliases may expand to in one input (alias bombs fail fast).</summary>
    public long MaxAliasExpansion { get; init; } = 1_000_000;

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public int MaxDepth { get; init; } = 200;

    /// <summary>Most documents in one input.</summary>
    public int MaxDocuments { get; init; } = 100_000;

    /// <summary>The defaults.</summary>
    public static InputLimits Default { get; } = new();
}
