using Gate.Core.Agents;
using Gate.Core.Rollout;
using Gate.Simulation.Scenarios;

namespace Gate.Simulation.Tests;

/// <summary>
/// Cohorts (the default: every pod of an agent revision, and every node's kubelet and kube-proxy informers, as one
/// object each) against the per-node clients they replace (<see cref="SimulationOptions.ClientCohorts"/> off): the
/// same verdicts and stage of detection, and every reported figure within 10 %.
/// </summary>
public class CohortAgreementTests
{
    private const double Tolerance = 0.10;

    /// <summary>An informer of its own node's pods: a LIST from the watch cache, a WATCH, relists.</summary>
    private static readonly Workload NodeInformer = DemoAgents.NodeScoped with
    {
        AccessPatterns =
        [
            new AccessPattern { Verb = ApiVerb.List, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$NODE_NAME", ResourceVersion = "0" },
            new AccessPattern { Verb = ApiVerb.Watch, Resource = "pods", Scope = PatternScope.Node, FieldSelector = "spec.nodeName=$NODE_NAME" },
        ],
    };

    public static TheoryData<int, string> SizesAndAgents() => new()
    {
        { 1_000, "cluster-wide lister" },
        { 5_000, "cluster-wide lister" },
        { 1_000, "node-scoped poller" },
        { 5_000, "node-scoped poller" },
        { 1_000, "node informer" },
        { 5_000, "node informer" },
    };

    [Theory]
    [MemberData(nameof(SizesAndAgents))]
    public void RunWithGate_CohortsAgainstPerNodeClients_SameVerdictAndStageFiguresWithin10Percent(int nodes, string agent)
    {
        var next = Agent(agent);
        WithGateResult Run(bool cohorts) => ScenarioRunner.RunWithGate(SimulationProfiles.ForNodes(nodes), DemoAgents.Current, next, new SimulationOptions { ClientCohorts = cohorts });

        var perNode = Run(cohorts: false);
        var cohort = Run(cohorts: true);

        Assert.Equal(perNode.Outcome, cohort.Outcome);
        Assert.Equal(perNode.DetectedAtStage, cohort.DetectedAtStage);
        var figures = new Figures();
        figures.Add("duration s", perNode.DurationSeconds, cohort.DurationSeconds);
        figures.Add("detection s", perNode.DetectionSeconds, cohort.DetectionSeconds);
        figures.Add("rollback s", perNode.RollbackSeconds, cohort.RollbackSeconds);
        figures.Add("max nodes on new revision", perNode.MaxNodesOnNewRevision, cohort.MaxNodesOnNewRevision);
        figures.Add("final nodes on new revision", perNode.FinalNodesOnNewRevision, cohort.FinalNodesOnNewRevision);
        figures.Add("peak memory fraction", perNode.PeakMemoryFraction, cohort.PeakMemoryFraction);
        figures.Add("429s", perNode.Rejections, cohort.Rejections);
        figures.Add("OOM kills", perNode.OomKills, cohort.OomKills);
        figures.AssertAgree($"{agent} at {nodes:N0} nodes, with the gate");
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(5_000)]
    public void RunWithoutGate_CohortsAgainstPerNodeClientsOverSeeds_SameOutcomesMedianFiguresWithin10Percent(int nodes)
    {
        // Without the gate the O(N²) agent degrades 1,000 nodes and collapses 5,000: a chaotic run (which replica
        // dies when decides when CoreDNS last resynced), so each mode is run over the same five seeds and the
        // medians of the figures are compared; the outcome must be the same seed by seed.
        var seeds = Enumerable.Range(1, 5).ToList();
        WithoutGateResult Run(bool cohorts, int seed) => ScenarioRunner.RunWithoutGate(SimulationProfiles.ForNodes(nodes), DemoAgents.ClusterWideLister, new SimulationOptions { ClientCohorts = cohorts, Seed = seed });

        var perNode = seeds.Select(s => Run(cohorts: false, s)).ToList();
        var cohort = seeds.Select(s => Run(cohorts: true, s)).ToList();

        Assert.Equal(perNode.Select(r => r.Outcome), cohort.Select(r => r.Outcome));
        var figures = new Figures();
        void Median(string name, Func<WithoutGateResult, double?> figure) => figures.Add(name, MedianOf(perNode, figure), MedianOf(cohort, figure));
        Median("first 429 s", r => r.FirstRejectionSeconds);
        Median("first OOM s", r => r.FirstOomSeconds);
        Median("all API servers down s", r => r.AllDownSeconds);
        Median("DNS from cache s", r => r.DnsCachedSeconds);
        Median("DNS failing s", r => r.DnsFailureSeconds);
        Median("OOM kills", r => r.OomKills);
        Median("peak agents", r => r.PeakAgents);
        Median("peak memory fraction", r => r.PeakMemoryFraction);
        figures.AssertAgree($"cluster-wide lister at {nodes:N0} nodes, without the gate");
    }

    private static Workload Agent(string name) => name switch
    {
        "cluster-wide lister" => DemoAgents.ClusterWideLister,
        "node-scoped poller" => DemoAgents.NodeScoped,
        _ => NodeInformer,
    };

    private static double? MedianOf(List<WithoutGateResult> runs, Func<WithoutGateResult, double?> figure)
    {
        var values = runs.Select(figure).ToList();
        if (values.Any(v => v is null))
        {
            // a figure that did not happen in some runs: its median is "did not happen" when most runs agree
            return values.Count(v => v is null) * 2 > values.Count ? null : values.Where(v => v is not null).Select(v => v!.Value).Max();
        }

        var sorted = values.Select(v => v!.Value).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Pairs of (per-node, cohort) figures; all disagreements are reported at once.</summary>
    private sealed class Figures
    {
        private readonly List<string> rows = [];
        private readonly List<string> disagreements = [];

        public void Add(string name, double? perNode, double? cohort)
        {
            rows.Add($"{name}: per-node {perNode?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, cohorts {cohort?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
            var agree = (perNode, cohort) switch
            {
                (null, null) => true,
                ({ } a, { } b) => Math.Abs(a - b) <= Tolerance * Math.Max(Math.Abs(a), Math.Abs(b)),
                _ => false,
            };
            if (!agree)
            {
                disagreements.Add(rows[^1]);
            }
        }

        public void AssertAgree(string what)
        {
            Assert.True(rows.Count > 0);
            Assert.True(disagreements.Count == 0, $"{what}: not within {Tolerance:P0}: {string.Join("; ", disagreements)} (all: {string.Join("; ", rows)})");
        }
    }
}
