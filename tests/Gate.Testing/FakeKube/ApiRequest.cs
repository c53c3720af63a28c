namespace Gate.Testing.FakeKube;

/// <summary>One request as the fake API server understood it (also the entry of the request log).</summary>
public sealed record ApiRequest
{
    /// <summary>The server clock when the request arrived.</summary>
    public required DateTimeOffset Time { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public string Query { get; init; } = string.Empty;

    /// <summary>Kubernetes verb: get, list, watch, create, update, patch, delete.</summary>
    public required string Verb { get; init; }

    /// <summary>API group, empty for core.</summary>
    public string Group { get; init; } = string.Empty;

    public required string Resource { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>The Accept header (e.g. <c>application/json;as=PartialObjectMetadataList;…</c>), empty when absent.</summary>
    public string Accept { get; init; } = string.Empty;

    /// <summary>The authenticated user (<c>system:serviceaccount:…</c>, <c>admin</c>, or empty).</summary>
    public string User { get; init; } = string.Empty;

    /// <summary>The User-Agent header (the gate puts its Lease holder identity there).</summary>
    public string UserAgent { get; init; } = string.Empty;

    /// <summary>Response status code (set once answered).</summary>
    public int Status { get; set; }

    /// <summary>The fault injected, if any.</summary>
    public string? Fault { get; set; }

    /// <summary>True for a collection LIST/WATCH of pods with neither a namespace nor a selector.</summary>
    public bool IsClusterWidePodList => Resource == "pods" && Verb is "list" or "watch" && Namespace is null;

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : string.Empty)} -> {Status}{(Fault is null ? string.Empty : " [" + Fault + "]")}";
}
