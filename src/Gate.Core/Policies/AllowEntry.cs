using Gate.Core.Manifests;

namespace Gate.Core.Policies;

/// <summary>A policy-level suppression: findings of <see cref="Rule"/> on matching workloads are accepted for a reason.</summary>
public sealed record AllowEntry
{
    public required string Rule { get; init; }

    /// <summary><c>namespace/name</c>; <c>*</c> matches any run of characters.</summary>
    public required string Workload { get; init; }

    public required string Reason { get; init; }

    /// <summary>Where the entry is written in the policy file.</summary>
    public SourcePosition? Origin { get; init; }

    /// <summary>True when the entry covers <paramref name="namespacedName"/> (<c>namespace/name</c>).</summary>
    public bool Matches(string ruleId, string namespacedName) =>
        string.Equals(ruleId, Rule, StringComparison.Ordinal) && Glob.IsMatch(Workload, namespacedName);
}
