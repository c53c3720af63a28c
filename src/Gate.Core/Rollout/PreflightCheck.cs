using System.Globalization;
using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Manifests;
using Gate.Core.Policies;

namespace Gate.Core.Rollout;

/// <summary>
/// The pre-flight of <c>gate rollout</c>: the same evaluation as <c>gate check</c> (discovery, cost estimate, policy
/// rules) of the DaemonSet being rolled out, at the live cluster's node count. Pure: the sources (the DaemonSet with its
/// new template, its ConfigMaps and RBAC, from files and the cluster) come in, the verdict goes out.
/// </summary>
public static class PreflightCheck
{
    /// <summary>Evaluates the rollout target among <paramref name="sources"/>.</summary>
    /// <param name="sources">Manifests: files the user passed first, then the objects read from the cluster.</param>
    /// <param name="target">The DaemonSet being rolled out.</param>
    /// <param name="nodes">Nodes of the cluster.</param>
    /// <param name="policy">The policy (the built-in default or <c>--policy</c>).</param>
    public static PreflightResult Evaluate(IReadOnlyList<ManifestSource> sources, DaemonSetRef target, int nodes, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(policy);
        var discovery = WorkloadDiscovery.Discover(sources);
        var candidates = discovery.Workloads.Where(w => w.Kind == "DaemonSet" && w.Name == target.Name).ToList();
        var workload = candidates.FirstOrDefault(w => w.Namespace == target.Namespace) ?? candidates.FirstOrDefault()
            ?? throw new GateUsageException($"the pre-flight inputs hold no DaemonSet {target.Name}", hint: "pass the DaemonSet's manifests with --manifests, or check the name");
        var profile = ClusterProfiles.ForNodes(Math.Max(1, nodes));
        var budget = policy.BudgetFor(profile.Nodes);
        var estimate = CostModel.Estimate([workload], profile, new CostBudget { CapacityShare = budget.ReadShare, StartupBurstSeconds = budget.StartupBurstSeconds });
        var check = PolicyEvaluator.Evaluate(estimate, policy, Severity.Error);
        var warnings = discovery.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        if (workload.PatternSource == PatternSource.RbacWorstCase && workload.AccessPatterns.Count == 0)
        {
            warnings.Add($"cannot tell what {workload.Namespace}/{workload.Name} asks the API server for: no catalogue match, no {DeclaredPatterns.Annotation} "
                + $"annotation and no RBAC found for service account {workload.ServiceAccount} (pass its RBAC with --manifests); its cost counts as zero");
        }

        return new PreflightResult
        {
            Nodes = profile.Nodes,
            Workload = workload,
            Check = check,
            Warnings = warnings,
            MaxConcurrentStarts = StartupBudget.MaxConcurrentStarts(workload, profile),
        };
    }
}

/// <summary>The verdict of <see cref="PreflightCheck"/>.</summary>
public sealed record PreflightResult
{
    /// <summary>The cluster size evaluated.</summary>
    public required int Nodes { get; init; }

    /// <summary>The rollout target as discovered (agent, access patterns and their source).</summary>
    public required Workload Workload { get; init; }

    /// <summary>The policy findings.</summary>
    public required CheckResult Check { get; init; }

    /// <summary>Pods a stage replaces at once so the start-up burst fits this cluster's control plane (<see cref="StartupBudget"/>).</summary>
    public int MaxConcurrentStarts { get; init; } = StartupBudget.DaemonSetBurstReplicas;

    /// <summary>Input warnings (unreadable config, unknown API access) as one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when no finding fails at error level.</summary>
    public bool Passed => Check.Passed;

    /// <summary>One line per failing finding, then one per other unsuppressed finding (warnings, notes).</summary>
    public IEnumerable<string> Lines()
    {
        var findings = Check.Findings.Where(f => !f.Suppressed).ToList();
        foreach (var finding in findings.Where(Check.Fails))
        {
            yield return Line(finding);
        }

        foreach (var finding in findings.Where(f => !Check.Fails(f)))
        {
            yield return Line(finding);
        }
    }

    /// <summary>The summary line.</summary>
    public string Summary()
    {
        var failing = Check.Findings.Count(Check.Fails);
        var others = Check.Findings.Count(f => !f.Suppressed && !Check.Fails(f));
        var agent = $"{Workload.Namespace}/{Workload.Name} ({Workload.Agent}, {PatternSourceName(Workload.PatternSource)})";
        return string.Create(CultureInfo.InvariantCulture, $"pre-flight gate check of {agent} at {Nodes} nodes: ")
            + (Passed ? "passed" : "failed")
            + string.Create(CultureInfo.InvariantCulture, $", {failing} error{(failing == 1 ? string.Empty : "s")}, {others} other finding{(others == 1 ? string.Empty : "s")}");
    }

    private static string Line(Finding f) =>
        $"{f.Severity.ToName()} {f.RuleId}: {f.Message}{(f.Origin is { } origin ? " (" + origin + ")" : string.Empty)}";

    private static string PatternSourceName(PatternSource source) => source switch
    {
        PatternSource.Catalogue => "from its configuration",
        PatternSource.Declared => "declared patterns",
        PatternSource.RbacWorstCase => "RBAC worst case",
        _ => "no API calls",
    };
}
