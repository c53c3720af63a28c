using Gate.Core.Policies.Rules;

namespace Gate.Core.Policies;

/// <summary>Every policy rule, ordered by id.</summary>
public static class RuleCatalog
{
    /// <summary>The rules GATE101…GATE108.</summary>
    public static IReadOnlyList<PolicyRule> All { get; } =
    [
        new ApfShareRule(),
        new ReadBytesRule(),
        new StartupBytesRule(),
        new QuadraticScalingRule(),
        new HighChurnWatchRule(),
        new EtcdListPerNodeRule(),
        new StartupBurstApfRule(),
        new RbacWorstCaseRule(),
    ];

    /// <summary>The rule with <paramref name="id"/> (case-insensitive), or null.</summary>
    public static PolicyRule? Find(string id) =>
        All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The severity a policy gives a rule.</summary>
    public static Severity EffectiveSeverity(PolicyRule rule, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(policy);
        return policy.SettingsFor(rule.Id).Severity ?? rule.DefaultSeverity;
    }
}
