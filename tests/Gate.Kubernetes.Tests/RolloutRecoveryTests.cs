using System.Globalization;
using System.Text.Json.Nodes;
using Gate.Core.Rollout;
using Gate.Testing.FakeKube;

namespace Gate.Kubernetes.Tests;

/// <summary>Regression tests for the engine and adapter bugs the chaos property test (<see cref="RolloutChaosTests"/>) found.</summary>
public sealed class RolloutRecoveryTests
{
    [Fact]
    public async Task RunAsync_EveryStateWriteAnswerLost_StillPromotes()
    {
        // every other annotation PATCH is applied but its answer lost: the retried PATCH conflicts with itself. The engine used
        // to take that for someone else's change and skip the action it had just recorded (a batch's deletes), then
        // waited for replacements that never came and rolled a healthy rollout back.
        await using var h = await RolloutHarness.StartAsync(nodes: 6);
        h.Server.TimeoutHold = TimeSpan.FromMilliseconds(20);
        var patches = 0;
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.LostResponse, Remaining = 1000, Match = r => r.Resource == "daemonsets" && r.Verb == "patch" && ++patches % 2 == 1 });

        var outcome = await h.RunAsync(h.Plan(stages: "1,100%"));

        Assert.True(outcome.Kind == RolloutOutcomeKind.Promoted, outcome.Reason);
        Assert.Equal(6, h.PodsByRevision()[outcome.State!.NewRevision!.Hash]);
        Assert.Contains(h.Server.Requests, r => r.Fault == nameof(FaultKind.LostResponse));
    }

    [Fact]
    public async Task RunAsync_LeaseCreateAnswerLost_AcquiresItsOwnLease()
    {
        // the Lease CREATE lands but its answer is lost; the retry gets 409 AlreadyExists. The gate used to report
        // "another gate is acting" about itself and leave a Lease that blocked every gate until it expired.
        await using var h = await RolloutHarness.StartAsync(nodes: 3);
        h.Server.TimeoutHold = TimeSpan.FromMilliseconds(20);
        h.Server.Faults.Add(new FaultRule { Kind = FaultKind.LostResponse, Match = r => r.Resource == "leases" && r.Verb == "create" });

        var outcome = await h.RunAsync(h.Plan(stages: "100%"));

        Assert.True(outcome.Kind == RolloutOutcomeKind.Promoted, outcome.Reason);
        Assert.Single(h.Server.Requests, r => r.Resource == "leases" && r.Verb == "create" && r.Fault is not null);
    }

    [Fact]
    public async Task RunAsync_StalledPastItsLeaseWhileAnotherGateTookOver_StopsWithoutActing()
    {
        // the gate's pod LIST is throttled for 30 s (Retry-After), longer than the Lease; meanwhile gate-b takes the Lease.
        // The gate used to act on what it saw (write the batch, delete pods) before noticing at its next renewal.
        await using var h = await RolloutHarness.StartAsync(nodes: 6);
        h.Server.Faults.Add(new FaultRule
        {
            Kind = FaultKind.TooManyRequests,
            RetryAfterSeconds = 30,
            Match = r =>
            {
                if (r.Resource != "pods" || r.Verb != "list" || r.LabelSelector?.Contains("controller-revision-hash", StringComparison.Ordinal) != false)
                {
                    return false;
                }

                TakeLease(h, "gate-b");
                return true;
            },
        });

        var outcome = await h.RunAsync(h.Plan("gate-a", stages: "1,100%"));

        Assert.Equal(RolloutOutcomeKind.LeaseLost, outcome.Kind);
        Assert.Contains("gate-b", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Server.Requests, r => r.Verb == "delete");
        Assert.Empty(h.State()!.Pending);
    }

    private static void TakeLease(RolloutHarness h, string holder)
    {
        var now = h.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["holderIdentity"] = holder, ["renewTime"] = now, ["leaseDurationSeconds"] = 600 } };
        var (_, status) = h.Cluster.Write("coordination.k8s.io", "leases", RolloutHarness.Namespace, "gate-rollout-" + RolloutHarness.Name, patch, patch: true);
        Assert.Equal(200, status);
    }
}
