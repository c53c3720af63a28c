using Gate.Core.Agents;

namespace Gate.Core.Profiling;

/// <summary>How sure <c>gate profile</c> is of a learned pattern.</summary>
public enum PatternConfidence
{
    Low,
    Medium,
    High,
}

/// <summary>Where a profile told one node's (or pod's) requests from another's.</summary>
public enum ClientIdentity
{
    /// <summary><c>authentication.kubernetes.io/node-name</c> and <c>pod-name</c> of bound service-account tokens.</summary>
    BoundToken,

    /// <summary>The first source IP (no bound-token fields in the log).</summary>
    SourceIp,

    /// <summary>Some events carried the bound-token fields, others only a source IP.</summary>
    Mixed,
}

/// <summary>One access pattern learned from the log, with the evidence behind it.</summary>
public sealed record LearnedPattern
{
    public required AccessPattern Pattern { get; init; }

    public required PatternConfidence Confidence { get; init; }

    /// <summary>Requests counted (first pages of lists, watches started), relists included.</summary>
    public required long Requests { get; init; }

    /// <summary>Follow-up pages (<c>continue</c>) of the pattern's lists.</summary>
    public long Pages { get; init; }

    /// <summary>Lists made again right after a <c>410 Gone</c>.</summary>
    public long Relists { get; init; }

    /// <summary>Responses with a status of 400 or more.</summary>
    public long Errors { get; init; }

    public required int Nodes { get; init; }

    public required int Pods { get; init; }

    /// <summary>The namespace of a namespace-scoped pattern.</summary>
    public string? Namespace { get; init; }
}

/// <summary>The requests the profile was learned from.</summary>
public sealed record ProfileSample
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public required int Nodes { get; init; }

    public required int Pods { get; init; }

    public required long Requests { get; init; }

    public required ClientIdentity Identity { get; init; }
}

/// <summary>The learned access patterns of one user, as the workload the pattern file names.</summary>
public sealed record LearnedProfile
{
    public required string User { get; init; }

    public required string Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary><c>DaemonSet</c> or <c>Deployment</c> when the pod names say so, else null.</summary>
    public string? Kind { get; init; }

    public required ProfileSample Sample { get; init; }

    public required IReadOnlyList<LearnedPattern> Patterns { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
