namespace Gate.Core.Policies;

/// <summary>A policy's settings for one rule (policy <c>rules.GATE1xx</c>); unset values keep the rule's defaults.</summary>
public sealed record RuleSettings
{
    /// <summary>Overrides the rule's default severity; <see cref="Severity.Off"/> disables it.</summary>
    public Severity? Severity { get; init; }

    /// <summary>The node count from which the rule reports (rules that take a size threshold).</summary>
    public int? AboveNodes { get; init; }

    /// <summary>Plural resource names the rule applies to (rules that take a resource list).</summary>
    public IReadOnlyList<string>? Resources { get; init; }
}
