namespace Gate.Analyzers.Kubernetes;

/// <summary>What a call passes for one optional parameter.</summary>
public enum ArgumentState
{
    /// <summary>Not passed, or passed as <c>null</c>/<c>default</c>: the server default applies.</summary>
    Unset,

    /// <summary>A value the analyzer cannot see at compile time (a variable, a call).</summary>
    Unknown,

    /// <summary>A compile-time constant other than null.</summary>
    Constant,
}
