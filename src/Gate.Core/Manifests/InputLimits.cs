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

    /// <summary>
    /// Most nodes (scalars, mappings, sequences) one input may hold. Parse time and the memory of the tree grow with
    /// the node count, so this bounds both for inputs under <see cref="MaxBytes"/> that are dense with tiny values
    /// (a million-entry sequence, a mapping with millions of keys). Real manifests hold far fewer: a chart's whole
    /// rendered output is a few hundred thousand nodes at most.
    /// </summary>
    public long MaxNodes { get; init; } = 500_000;

    /// <summary>
    /// Most DaemonSets and Deployments one run estimates (over every input). Discovery, estimation and the report
    /// cost about the same per workload, so this bounds them the way <see cref="MaxNodes"/> bounds parsing; a pull
    /// request's manifests hold a handful, a whole platform's rendered output a few hundred.
    /// </summary>
    public int MaxWorkloads { get; init; } = 1_000;

    /// <summary>
    /// Longest document (characters) that is not a list kind. The API server takes at most 3 MB per request (etcd
    /// stores at most 1.5 MB per object), so a larger document cannot be a Kubernetes object; and one document is
    /// parsed on one core, so this bounds the time a single huge value can take. Checked before parsing.
    /// </summary>
    public int MaxDocumentChars { get; init; } = 8 * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public int MaxDepth { get; init; } = 200;

    /// <summary>Most documents in one input.</summary>
    public int MaxDocuments { get; init; } = 100_000;

    /// <summary>The error of an input over <see cref="MaxNodes"/>, the same from the YAML and the JSON reader.</summary>
    internal GateUsageException TooManyNodes(string what, SourcePosition at) =>
        new($"more than {MaxNodes:N0} {what} in one input", at, "split the input into smaller files, or pass only the manifests of the workloads to check");

    /// <summary>The defaults.</summary>
    public static InputLimits Default { get; } = new();
}
