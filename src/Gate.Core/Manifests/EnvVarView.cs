namespace Gate.Core.Manifests;

/// <summary>One container environment variable: a literal value or a downward-API / ConfigMap reference.</summary>
public sealed record EnvVarView
{
    public required string Name { get; init; }

    /// <summary>The literal value, or null when it comes from <c>valueFrom</c>.</summary>
    public string? Value { get; init; }

    /// <summary><c>valueFrom.fieldRef.fieldPath</c> (e.g. <c>spec.nodeName</c>), or null.</summary>
    public string? FieldPath { get; init; }

    /// <summary><c>valueFrom.configMapKeyRef</c> as (name, key), or null.</summary>
    public (string Name, string Key)? ConfigMapKey { get; init; }

    public required SourcePosition Position { get; init; }

    /// <summary>True when the variable holds the node's name (downward API <c>spec.nodeName</c>).</summary>
    public bool IsNodeName => FieldPath == "spec.nodeName";
}
