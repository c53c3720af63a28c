namespace Gate.Core.Policies;

/// <summary>A loaded policy: budgets per cluster size, rule settings and the allow list (policies/default.yaml).</summary>
public sealed record Policy
{
    public required string Name { get; init; }

    /// <summary>Where the policy came from: <c>built-in</c> or a file path.</summary>
    public string Source { get; init; } = "built-in";

    /// <summary>Budgets ordered by <see cref="SizeBudget.UpToNodes"/>, the open-ended one last.</summary>
    public required IReadOnlyList<SizeBudget> Budgets { get; init; }

    public IReadOnlyDictionary<string, RuleSettings> Rules { get; init; } = new Dictionary<string, RuleSettings>();

    public IReadOnlyList<AllowEntry> Allow { get; init; } = [];

    /// <summary>The budget for a cluster of <paramref name="nodes"/> nodes.</summary>
    public SizeBudget BudgetFor(int nodes)
    {
        foreach (var budget in Budgets)
        {
            if (budget.UpToNodes is null || nodes <= budget.UpToNodes)
            {
                return budget;
            }
        }

        return Budgets[^1];
    }

    /// <summary>The settings of a rule, empty when the policy does not mention it.</summary>
    public RuleSettings SettingsFor(string ruleId) =>
        Rules.TryGetValue(ruleId, out var settings) ? settings : new RuleSettings();
}
