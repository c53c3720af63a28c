using FsCheck;
using FsCheck.Fluent;
using Gate.Core.Health;
using Gate.Core.Rollout;
using Gate.Prometheus;
using Gate.Testing;

namespace Gate.Kubernetes.Tests;

/// <summary>
/// The rollout engine with the real health judge over a Prometheus that answers badly (issue #21): whatever mix of
/// malformed, truncated, oversized, failing and healthy answers comes back at each query, the rollout ends promoted
/// or rolled back (never left half-way, never an exception), the Lease is released, and a rollout whose every
/// answer is unusable rolls back (fail closed).
/// </summary>
public sealed class RolloutMalformedAnalysisTests
{
    private const long Cap = 64 * 1024;

    /// <summary>Answer kinds: every malformed answer, then oversized, 500, 429 and (last) healthy.</summary>
    private static readonly int Kinds = HostileAnswer.Malformed.Count + 4;

    private static HostileAnswer AnswerOf(int kind, string promql)
    {
        var m = HostileAnswer.Malformed.Count;
        return kind < m ? HostileAnswer.Malformed[kind].Answer
            : kind == m ? HostileAnswer.Oversized(Cap + 1024)
            : kind == m + 1 ? new HostileAnswer(500, """{"status":"error","error":"internal"}""")
            : kind == m + 2 ? new HostileAnswer(429, """{"status":"error","error":"slow down"}""", RetryAfterSeconds: 0)
            : HostileAnswer.Matrix(promql.Contains("up{", StringComparison.Ordinal) || promql.Contains("kube_pod_status_ready", StringComparison.Ordinal) ? "1" : "0");
    }

    private static async Task<(RolloutOutcome Outcome, bool LeaseFree, int Revisions)> RollOutAsync(IReadOnlyList<int> script)
    {
        await using var prometheus = await HostilePrometheus.StartAsync();
        prometheus.Answer = (n, promql) => AnswerOf(script[n % script.Count], promql);
        await using var h = await RolloutHarness.StartAsync(nodes: 4, factor: 100);
        var client = new PrometheusClient(new HttpClient(), prometheus.Address, new PrometheusClientOptions { MaxRetries = 0, MaxBodyBytes = Cap, AttemptTimeout = TimeSpan.FromSeconds(5) });
        var analyzer = new HealthJudgeAnalyzer(new HealthJudge(HealthPackLoader.BuiltIn(), new PrometheusHealthSource(client)));

        var outcome = await h.RunAsync(h.Plan(stages: "1,100%"), analyzer);

        var free = await h.Operator().TryAcquireLeaseAsync(new LeaseRequest("gate-after", TimeSpan.FromSeconds(30), h.Time.GetUtcNow()), CancellationToken.None);
        return (outcome, free.Acquired, h.PodsByRevision().Count);
    }

    [Fact]
    public void RunAsync_MalformedPrometheusAnswersAtEveryStep_EndsCleanlyAndReleasesTheLease()
    {
        var kind = Gen.Choose(0, Kinds - 1);
        var property = Prop.ForAll(
            Gen.NonEmptyListOf(kind).Select(l => (IReadOnlyList<int>)[.. l]).ToArbitrary(),
            script =>
            {
                var (outcome, leaseFree, revisions) = RollOutAsync(script).GetAwaiter().GetResult();
                var allUnusable = script.All(k => k < Kinds - 1);
                return outcome.State is { Phase: RolloutPhase.Promoted or RolloutPhase.RolledBack } state
                    && leaseFree
                    && revisions == 1
                    && (!allUnusable || state.Phase == RolloutPhase.RolledBack);
            });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12), property);
    }

    [Fact]
    public async Task RunAsync_SuccessWithoutDataAtEveryQuery_RollsBackAndReleasesTheLease()
    {
        // the repro of issue #21: {"status":"success"} left the rollout Analyzing with the Lease held
        var (outcome, leaseFree, revisions) = await RollOutAsync([0]);

        Assert.Equal(RolloutPhase.RolledBack, outcome.State!.Phase);
        Assert.Equal(RolloutOutcomeKind.RolledBack, outcome.Kind); // the judge fails closed past its inconclusive limit
        Assert.True(leaseFree);
        Assert.Equal(1, revisions);
    }
}
