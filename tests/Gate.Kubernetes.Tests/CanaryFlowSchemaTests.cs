using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Kubernetes.Tests;

/// <summary>The per-agent FlowSchema: created before the first stage replaces a pod, gone however the rollout ends.</summary>
public sealed class CanaryFlowSchemaTests
{
    private const string Schema = "gate-canary-" + RolloutHarness.Name;

    [Fact]
    public async Task RunAsync_Promoted_CreatesTheSchemaBeforeStageOneAndRemovesIt()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 12);

        var outcome = await h.RunAsync(h.Plan(stages: "1,100%"));

        Assert.Equal(RolloutOutcomeKind.Promoted, outcome.Kind);
        var requests = h.Server.Requests.ToList();
        var create = requests.FindIndex(r => r.Resource == "flowschemas" && r.Verb == "create");
        var firstPodDelete = requests.FindIndex(r => r.Resource == "pods" && r.Verb == "delete");
        Assert.InRange(create, 0, firstPodDelete - 1);
        Assert.Equal(201, requests[create].Status);
        Assert.Contains(requests, r => r.Resource == "flowschemas" && r.Verb == "delete" && r.Name == Schema && r.Status == 200);
        Assert.Empty(h.FlowSchemas());
        Assert.DoesNotContain(requests, r => r.Status == 403);
    }

    [Fact]
    public async Task RunAsync_WhileStagesRun_SchemaMatchesTheAgentsServiceAccountAtWorkloadLow()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 6);
        System.Text.Json.Nodes.JsonObject? seen = null;

        var outcome = await h.RunAsync(h.Plan(stages: "100%"), progress: p =>
        {
            if (p.Phase == RolloutPhase.Baking)
            {
                seen ??= h.FlowSchemas().SingleOrDefault();
            }
        });

        Assert.Equal(RolloutOutcomeKind.Promoted, outcome.Kind);
        Assert.NotNull(seen);
        Assert.Equal(Schema, seen["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("monitoring/node-agent", seen["metadata"]!["annotations"]![CanaryFlowSchema.OwnerAnnotation]!.GetValue<string>());
        Assert.Equal("workload-low", seen["spec"]!["priorityLevelConfiguration"]!["name"]!.GetValue<string>());
        Assert.Equal(890, seen["spec"]!["matchingPrecedence"]!.GetValue<int>());
        var subject = seen["spec"]!["rules"]![0]!["subjects"]![0]!;
        Assert.Equal("""{"kind":"ServiceAccount","serviceAccount":{"name":"default","namespace":"monitoring"}}""", subject.ToJsonString());
        Assert.Empty(h.FlowSchemas());
    }

    [Fact]
    public async Task RunAsync_RolledBack_RemovesTheSchema()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 12);

        var outcome = await h.RunAsync(h.Plan(), ScriptedAnalyzer.UnhealthyAt(0));

        Assert.Equal(RolloutOutcomeKind.RolledBack, outcome.Kind);
        Assert.Contains(h.Server.Requests, r => r.Resource == "flowschemas" && r.Verb == "create");
        Assert.Empty(h.FlowSchemas());
    }

    [Fact]
    public async Task RunAsync_KilledThenAborted_SchemaStaysWhileInProgressAndGoesWithTheAbort()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 12);
        await KillAtStageAsync(h, 1);
        Assert.Single(h.FlowSchemas());
        await Task.Delay(TimeSpan.FromSeconds(31), h.Time); // the killed gate's Lease expires
        var aborted = await SecondGateAsync(h, RolloutIntent.Abort);

        Assert.Equal(RolloutOutcomeKind.Aborted, aborted.Kind);
        Assert.Empty(h.FlowSchemas());
    }

    [Fact]
    public async Task RunAsync_Resumed_RecreatesALostSchemaAndRemovesItAtTheEnd()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 12);
        await KillAtStageAsync(h, 1);
        h.Cluster.Delete("flowcontrol.apiserver.k8s.io", "flowschemas", null, Schema);
        await Task.Delay(TimeSpan.FromSeconds(31), h.Time);
        h.Server.ClearLog();
        var recreated = false;

        var resumed = await SecondGateAsync(h, RolloutIntent.Resume, _ => recreated |= h.FlowSchemas().Count == 1);

        Assert.Equal(RolloutOutcomeKind.Promoted, resumed.Kind);
        Assert.True(recreated, "the resumed gate did not create the schema again");
        Assert.Single(h.Server.Requests, r => r.Resource == "flowschemas" && r.Verb == "create" && r.Status == 201);
        Assert.Empty(h.FlowSchemas());
    }

    [Fact]
    public async Task RunAsync_ResumedAfterTheEnd_RemovesASchemaTheKilledGateLeft()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 6);
        var outcome = await h.RunAsync(h.Plan(stages: "100%"));
        Assert.Equal(RolloutOutcomeKind.Promoted, outcome.Kind);
        AddSchema(h, RolloutHarness.Namespace); // killed between the terminal state and the delete

        var resumed = await SecondGateAsync(h, RolloutIntent.Resume);

        Assert.Equal(RolloutOutcomeKind.NothingToDo, resumed.Kind);
        Assert.Empty(h.FlowSchemas());
    }

    [Fact]
    public async Task RunAsync_SchemaOfAnotherOwner_IsLeftAlone()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 6);
        AddSchema(h, "other");

        var outcome = await h.RunAsync(h.Plan(stages: "100%"));

        Assert.Equal(RolloutOutcomeKind.Promoted, outcome.Kind);
        Assert.Equal("other/node-agent", Assert.Single(h.FlowSchemas())["metadata"]!["annotations"]![CanaryFlowSchema.OwnerAnnotation]!.GetValue<string>());
    }

    private static Task<RolloutOutcome> SecondGateAsync(RolloutHarness h, RolloutIntent intent, Action<RolloutProgress>? progress = null) =>
        h.RunAsync(h.Plan("gate-b", image: null, intent: intent), progress: progress);

    private static void AddSchema(RolloutHarness h, string ownerNamespace) =>
        h.Cluster.Create("flowcontrol.apiserver.k8s.io", "flowschemas", null, KubernetesFlowSchemas.FlowSchemaObject(CanaryFlowSchema.For(new DaemonSetRef(ownerNamespace, RolloutHarness.Name), "default")));

    private static async Task KillAtStageAsync(RolloutHarness h, int stage)
    {
        using var kill = new CancellationTokenSource();
        var first = h.RunAsync(h.Plan("gate-a"), progress: p =>
        {
            if (p.Stage == stage && p.Phase == RolloutPhase.Baking)
            {
                kill.Cancel();
            }
        }, cancellationToken: kill.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(stage, h.State()!.Stage);
    }
}
