using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Core.Manifests;
using Gate.Core.Policies;
using Gate.Core.Reports;

namespace Gate.Core.Tests.Reports;

/// <summary>The reports the snapshot and schema tests render: a failing check, a passing one and an estimate.</summary>
internal static class ReportSamples
{
    private static readonly Dictionary<string, string> Suppressed = new()
    {
        [Suppressions.AnnotationKey] = "GATE108=patterns reviewed: only its own namespace's configmaps",
    };

    public static GateReport FailingCheck()
    {
        var estimate = Fixtures.Report(5000, Fixtures.ClusterWidePods(5000), Fixtures.NodeScopedPods(5000), Fixtures.UnknownAgent(5000, Suppressed));
        return new GateReport
        {
            Estimate = estimate,
            Policy = Fixtures.DefaultPolicy,
            Check = PolicyEvaluator.Evaluate(estimate, Fixtures.DefaultPolicy),
            BaseDirectory = "/repo",
        };
    }

    public static GateReport PassingCheck()
    {
        var estimate = Fixtures.Report(1000, Fixtures.NodeScopedPods(1000));
        return new GateReport
        {
            Estimate = estimate,
            Policy = Fixtures.DefaultPolicy,
            Check = PolicyEvaluator.Evaluate(estimate, Fixtures.DefaultPolicy),
            BaseDirectory = "/repo",
        };
    }

    public static GateReport Estimate() => new()
    {
        Estimate = Fixtures.Report(1000, Fixtures.ClusterWidePods(1000), Fixtures.NodeScopedPods(1000)),
        Policy = Fixtures.DefaultPolicy,
        BaseDirectory = "/repo",
    };

    /// <summary>A collector DaemonSet whose k8s_cluster-style informer runs in the elected leader only, priced by the model.</summary>
    public static GateReport LeaderElected()
    {
        var config = "/repo/deploy/otel/configmap.yaml";
        AccessPattern Leader(ApiVerb verb, int line) => Fixtures.Pattern(verb, "pods", PatternScope.Cluster, line, rv: verb == ApiVerb.List ? "0" : null, file: config)
            with { Replicas = 1, LeaderElected = true, Reason = "k8s_cluster pod informer (leader only)" };
        var workload = Fixtures.ClusterWidePods(1000).Workload with
        {
            AccessPatterns =
            [
                new AccessPattern
                {
                    Verb = ApiVerb.Get, Group = "coordination.k8s.io", Resource = "leases", Scope = PatternScope.Object, PeriodSeconds = 2,
                    Origin = new SourcePosition(config, 30, 5), Reason = "k8s_leader_elector lease renewal",
                },
                Leader(ApiVerb.List, 12),
                Leader(ApiVerb.Watch, 12),
            ],
        };
        var estimate = CostModel.Estimate([workload], ClusterProfiles.Medium);
        return new GateReport
        {
            Estimate = estimate,
            Policy = Fixtures.DefaultPolicy,
            Check = PolicyEvaluator.Evaluate(estimate, Fixtures.DefaultPolicy),
            BaseDirectory = "/repo",
        };
    }

    /// <summary>Calico through Typha: the per-node agents read through the proxy, the proxy watches once per replica.</summary>
    public static GateReport FanIn()
    {
        var discovered = WorkloadDiscovery.Discover([ManifestSource.FromText("/repo/deploy/calico.yaml", Agents.NodeInfraAgentsTests.CalicoWithTypha)]);
        var estimate = CostModel.Estimate(discovered.Workloads, ClusterProfiles.ForNodes(1000));
        return new GateReport
        {
            Estimate = estimate,
            Policy = Fixtures.DefaultPolicy,
            Check = PolicyEvaluator.Evaluate(estimate, Fixtures.DefaultPolicy),
            BaseDirectory = "/repo",
        };
    }

    /// <summary>A passing check of a folder that also held an unrendered Helm chart and a Kustomize file.</summary>
    public static GateReport SkippedFiles() => PassingCheck() with
    {
        Skipped =
        [
            new SkippedFile(new SourcePosition("/repo/deploy/chart/templates/ds.yaml", 4, 9), SkippedFile.HelmTemplate, "looks like a Helm template", NonManifestFiles.HelmFix),
            new SkippedFile(SourcePosition.FileOnly("/repo/deploy/kustomization.yaml"), SkippedFile.KustomizeFile, "a Kustomize file, not a manifest", "render it with `kubectl kustomize`, then pass the rendered output"),
        ],
    };

    /// <summary>One DaemonSet in envs/dev (node-scoped) and envs/prod (cluster-wide): the reports name each with its file.</summary>
    public static GateReport SameName()
    {
        var dev = Fixtures.NodeScopedPods(5000);
        var prod = Fixtures.ClusterWidePods(5000);
        var sameName = prod.Workload with { Namespace = dev.Workload.Namespace, Name = dev.Workload.Name };
        var estimate = CostModel.Estimate(
            [
                dev.Workload with { Origin = new SourcePosition("/repo/envs/dev/daemonset.yaml", 1, 1) },
                sameName with { Origin = new SourcePosition("/repo/envs/prod/daemonset.yaml", 1, 1) },
            ],
            ClusterProfiles.ForNodes(5000));
        return new GateReport
        {
            Estimate = estimate,
            Policy = Fixtures.DefaultPolicy,
            Check = PolicyEvaluator.Evaluate(estimate, Fixtures.DefaultPolicy),
            BaseDirectory = "/repo",
        };
    }

    public static IEnumerable<(string Name, GateReport Report)> All() =>
    [
        ("same-name", SameName()),
        ("fan-in", FanIn()),
        ("skipped-files", SkippedFiles()),
        ("leader-elected", LeaderElected()),
        ("failing-check", FailingCheck()),
        ("passing-check", PassingCheck()),
        ("estimate", Estimate()),
    ];
}
