namespace Gate.Core.Policies;

/// <summary>
/// One policy rule (<c>GATE1xx</c>): what it checks, its default severity, how to fix a finding, and the check itself.
/// Every rule has a documentation page docs/rules/&lt;Id&gt;.md.
/// </summary>
public abstract class PolicyRule
{
    /// <summary>Rule id, e.g. <c>GATE102</c>.</summary>
    public abstract string Id { get; }

    /// <summary>Short kebab-case name, e.g. <c>read-bytes-budget</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line: what the rule reports.</summary>
    public abstract string Title { get; }

    /// <summary>A paragraph: what the rule checks and why it matters to the API server.</summary>
    public abstract string Description { get; }

    /// <summary>How to fix a finding, shown in reports and by <c>gate policies explain</c>.</summary>
    public abstract string Fix { get; }

    public abstract Severity DefaultSeverity { get; }

    /// <summary>The documentation page, relative to the repository root.</summary>
    public string DocPath => $"docs/rules/{Id}.md";

    /// <summary>Checks one workload's estimate; returns nothing when the rule holds.</summary>
    public abstract IEnumerable<RuleHit> Evaluate(RuleContext context);
}
