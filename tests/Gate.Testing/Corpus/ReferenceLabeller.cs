namespace Gate.Testing.Corpus;

/// <summary>
/// The labelling rule of the corpora (tests/corpus/README.md, "How verdicts are derived"): a deliberately simple
/// reference budget that turns a case's hand-written access patterns into the expected verdict at each reference
/// size. It is independent of Gate's cost model on purpose — Gate's default policy must reach the same verdicts
/// with its richer model (APF seats, CPU, memory, encodings, relists).
/// </summary>
public static class ReferenceLabeller
{
    /// <summary>The reference cluster sizes, in nodes.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [100, 1_000, 5_000, 15_000];

    /// <summary>JSON LIST bytes one API-server core serves per second (calibration: 251.8 MB of pods cost 3.3 CPU-seconds).</summary>
    public const double BytesPerCoreSecond = 76e6;

    /// <summary>Share of the control plane one workload may use.</summary>
    public const double BudgetShare = 0.10;

    /// <summary>Starting the workload on every replica at once must fit in this many seconds of the budget.</summary>
    public const double BurstSeconds = 120;

    /// <summary>Pods in one namespace, the same at every size.</summary>
    public const int NamespacePods = 300;

    /// <summary>Events created per node per second.</summary>
    public const double EventsPerNodePerSecond = 0.05;

    private static readonly Dictionary<int, int> Cores = new() { [100] = 12, [1_000] = 24, [5_000] = 48, [15_000] = 160 };

    /// <summary>Objects at N nodes, mean JSON bytes, changes per object per second (null: events), objects per node.</summary>
    private static readonly Dictionary<string, (Func<int, int> Count, double Bytes, double? Churn, int? PerNode)> Resources = new()
    {
        ["pods"] = (n => 30 * n, 8400, 1.0 / 600, 30),
        ["nodes"] = (n => n, 6900, 1.0 / 300, 1),
        ["namespaces"] = (n => Math.Max(10, n / 10), 1000, 1.0 / 86400, null),
        ["services"] = (n => n, 2000, 1.0 / 86400, null),
        ["endpointslices"] = (n => n, 4000, 1.0 / 600, null),
        ["endpoints"] = (n => n, 4000, 1.0 / 600, null),
        ["configmaps"] = (n => 3 * n, 4000, 1.0 / 3600, null),
        ["secrets"] = (n => 3 * n, 3000, 1.0 / 3600, null),
        ["replicasets"] = (n => 2 * n, 3000, 1.0 / 3600, null),
        ["deployments"] = (n => n, 4000, 1.0 / 3600, null),
        ["statefulsets"] = (n => (n / 10) + 1, 4000, 1.0 / 3600, null),
        ["daemonsets"] = (_ => 20, 4000, 1.0 / 3600, null),
        ["jobs"] = (n => (n / 2) + 1, 3000, 1.0 / 3600, null),
        ["cronjobs"] = (n => (n / 10) + 1, 3000, 1.0 / 86400, null),
        ["persistentvolumeclaims"] = (n => n, 1500, 1.0 / 86400, null),
        ["persistentvolumes"] = (n => n, 1500, 1.0 / 86400, null),
        ["ingresses"] = (n => (n / 5) + 1, 2000, 1.0 / 86400, null),
        ["horizontalpodautoscalers"] = (n => (n / 2) + 1, 2000, 1.0 / 60, null),
        ["leases"] = (n => n + 50, 400, 1.0 / 10, 1),
        ["events"] = (n => 10 * n, 1000, null, null),
        ["resourcequotas"] = (n => Math.Max(10, n / 10), 1000, 1.0 / 600, null),
    };

    /// <summary>The resources the rule models; labels name patterns on others only in their <c>why</c>.</summary>
    public static IReadOnlySet<string> ModelledResources { get; } = Resources.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>The verdict at <paramref name="nodes"/>: breaks, and the ratio of the worse of steady and burst use to its budget.</summary>
    public static (bool Breaks, double Ratio) Verdict(LabelledCase labelled, int nodes)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        var budget = Cores[nodes] * BytesPerCoreSecond * BudgetShare;
        double steady = 0, burst = 0;
        foreach (var p in labelled.Patterns.Where(p => Resources.ContainsKey(p.Resource)))
        {
            var (s, b) = Cost(p, nodes);
            var copies = Copies(labelled, nodes, p);
            steady += s * copies;
            burst += b * copies;
        }

        var ratio = Math.Max(steady / budget, burst / (budget * BurstSeconds));
        return (ratio > 1.0, ratio);
    }

    /// <summary>The expected flag at every reference size.</summary>
    public static IReadOnlyDictionary<int, bool> Flags(LabelledCase labelled) => Sizes.ToDictionary(n => n, n => Verdict(labelled, n).Breaks);

    /// <summary>The largest reference size the case is safe at, when it is also safe at every smaller one; else null.</summary>
    public static int? SafeUpTo(LabelledCase labelled)
    {
        var flags = Flags(labelled);
        var safe = Sizes.Where(n => !flags[n]).DefaultIfEmpty(0).Max();
        return safe > 0 && Sizes.Where(n => n <= safe).All(n => !flags[n]) ? safe : null;
    }

    /// <summary>The fleet's asymptotic cost: one order for per-node copies, one for a scope whose objects grow with N.</summary>
    public static string Scaling(LabelledCase labelled)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        var order = 0;
        foreach (var p in labelled.Patterns.Where(p => Resources.ContainsKey(p.Resource)))
        {
            var grows = p.Verb != "get" && (
                ScopeObjects(p.Resource, p.Scope, 15_000) > 5 * ScopeObjects(p.Resource, p.Scope, 1_000)
                || (p.Resource == "events" && p.Scope == "cluster")
                || (p.ServedFrom == "etcd" && p.Verb == "list"));
            order = Math.Max(order, (IsPerNode(labelled, p) ? 1 : 0) + (grows ? 1 : 0));
        }

        return order switch { 0 => "O(1)", 1 => "O(N)", _ => "O(N^2)" };
    }

    /// <summary>Sizes at which the case lies within 2× of its budget (a label there could flip on rounding).</summary>
    public static IEnumerable<(int Nodes, double Ratio)> Borderline(LabelledCase labelled) =>
        Sizes.Select(n => (n, Verdict(labelled, n).Ratio)).Where(v => v.Ratio is > 0.5 and < 2.0);

    private static double ScopeObjects(string resource, string scope, int nodes)
    {
        var (count, _, _, perNode) = Resources[resource];
        var total = count(nodes);
        return scope switch
        {
            "cluster" => total,
            "node" => perNode ?? 1,
            "namespace" => Math.Min(total, resource == "pods" ? NamespacePods : Math.Max(1, total / Math.Max(10, nodes / 10))),
            "object" => 1,
            _ => throw new ArgumentException($"unknown scope {scope}", nameof(scope)),
        };
    }

    /// <summary>(steady bytes/s, start-up bytes) of one copy of the pattern at N nodes.</summary>
    private static (double Steady, double Startup) Cost(LabelledPattern p, int nodes)
    {
        var (count, size, churn, _) = Resources[p.Resource];
        var period = p.PeriodSeconds is > 0 ? p.PeriodSeconds : null;
        var processed = p.ServedFrom == "etcd" ? count(nodes) : ScopeObjects(p.Resource, p.Scope, nodes);
        switch (p.Verb)
        {
            case "list":
                var bytes = processed * size;
                return (period is { } lp ? bytes / lp : 0, bytes);
            case "get":
                return (period is { } gp ? size / gp : 0, size);
            case "watch":
                var rate = p.Resource == "events"
                    ? EventsPerNodePerSecond * (p.Scope == "cluster" ? nodes : 1)
                    : ScopeObjects(p.Resource, p.Scope, nodes) * churn!.Value;
                return (rate * size, 0);
            default:
                return (period is { } wp ? size / wp : 0, 0);
        }
    }

    private static double Copies(LabelledCase labelled, int nodes, LabelledPattern p) => p.Replicas switch
    {
        LabelledPattern.PerNode => nodes,
        { } fixedCount => fixedCount,
        null => labelled.PerNode ? nodes : labelled.Replicas,
    };

    private static bool IsPerNode(LabelledCase labelled, LabelledPattern p) =>
        p.Replicas is { } r ? r == LabelledPattern.PerNode : labelled.PerNode;
}
