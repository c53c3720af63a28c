namespace Gate.Analyzers.Kubernetes;

/// <summary>The verb of a KubernetesClient collection call.</summary>
public enum CallKind
{
    /// <summary>A LIST: one response with the whole (or one page of the) collection.</summary>
    List,

    /// <summary>A WATCH: a long-running stream of change events.</summary>
    Watch,
}
