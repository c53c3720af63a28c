using System.Globalization;
using System.Text.Json.Nodes;
using Gate.Core;
using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;
using static Gate.Kubernetes.Tests.RolloutHarness;

namespace Gate.Kubernetes.Tests.Chaos;

/// <summary>
/// One randomized rollout against the fake API server on a <see cref="VirtualClock"/>: gates are started one after
/// another (each a fresh engine and client, as a restarted process would be), killed as the scenario says, and the end
/// state is checked: fully promoted or fully rolled back, strategy restored, one gate acting at a time, RBAC kept.
/// </summary>
internal sealed class ChaosRun : IAsyncDisposable
{
    public const string Intruder = "gate-intruder";
    private const string OriginalStrategy = """{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}}""";
    private const string KruiseRestored = """{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"partition":0}}""";
    private const int MaxGates = 10;
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    private readonly ChaosScenario scenario;
    private readonly VirtualClock clock = new();
    private readonly ScriptedAnalyzer analyzer;
    private readonly List<string> history = [];
    private readonly string directory = Directory.CreateTempSubdirectory("gate-chaos-").FullName;
    private FakeKubeServer server = null!;
    private Task<RolloutOutcome>? intruder;
    private RolloutOutcome? intruderOutcome;

    private ChaosRun(ChaosScenario scenario)
    {
        this.scenario = scenario;
        analyzer = new ScriptedAnalyzer(scenario.VerdictAt);
    }

    /// <summary>Runs the scenario of <paramref name="seed"/>; returns null when every property held, else why not (with the seed).</summary>
    public static async Task<string?> ExecuteAsync(int seed, Action<string>? log = null)
    {
        var scenario = ChaosScenario.FromSeed(seed);
        await using var run = new ChaosRun(scenario);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await run.StartAsync();
            await run.DriveAsync();
            var problems = run.Check();
            log?.Invoke($"seed {seed}: {run.history.Count} gates, {run.Stats}, {watch.ElapsedMilliseconds} ms");
            return problems.Count == 0 ? null : run.Report(string.Join("; ", problems));
        }
#pragma warning disable CA1031 // any failure of a run is reported with its seed
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return run.Report("threw " + ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    /// <summary>The plan a gate runs (gate 1 starts the rollout; later gates resume it, with or without the target).</summary>
    public static RolloutPlan Plan(ChaosScenario scenario, string holder, bool withTarget) => new()
    {
        Intent = withTarget ? RolloutIntent.Rollout : RolloutIntent.Resume,
        Target = withTarget ? new TemplateChange { Image = scenario.Verdict == VerdictPlan.CrashingImage ? CrashImage : NewImage } : null,
        Stages = StageSize.Parse(scenario.Stages),
        Bake = TimeSpan.FromSeconds(10),
        Mode = scenario.Kruise ? RolloutMode.Kruise : RolloutMode.OnDelete,
        MaxConcurrentStarts = 2,
        Holder = holder,
        Timings = new RolloutTimings
        {
            PollInterval = TimeSpan.FromSeconds(5),
            ReadyTimeout = TimeSpan.FromSeconds(300),
            LeaseDuration = LeaseDuration,
            LeaseRenewInterval = TimeSpan.FromSeconds(10),
            InconclusiveRetries = 1,
            InconclusiveRetryInterval = TimeSpan.FromSeconds(10),
            RollbackBatchSize = 2,
            RollbackBatchTimeout = TimeSpan.FromSeconds(300),
        },
    };

    private async Task StartAsync()
    {
        server = await FakeKubeServer.StartAsync(clock.Passive, FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-rbac.yaml")));
        server.Admission = FakeAdmission.Load(RepoPaths.InRepo("deploy", "gate-flowschema-policy.yaml"));
        server.TimeoutHold = TimeSpan.FromMilliseconds(20);
        server.Cluster.CrashingImages.Add(CrashImage);
        server.Cluster.AddNodes(scenario.Nodes, zones: scenario.Zones);
        var strategy = (JsonObject)JsonNode.Parse(OriginalStrategy)!;
        server.Cluster.AddDaemonSet(Namespace, Name, OldImage, scenario.Kruise, strategy);
        foreach (var (kind, at, writesOnly) in scenario.OneOffs)
        {
            var seen = 0;
            server.Faults.Add(new FaultRule
            {
                Kind = kind,
                Match = r => r.UserAgent != Intruder && (!writesOnly || r.Verb is "create" or "update" or "patch" or "delete") && ++seen == at,
            });
        }

        if (scenario.PersistentOverload)
        {
            var overload = new Random(scenario.FaultSeed ^ 0x5eed);
            server.Faults.Add(new FaultRule
            {
                Kind = FaultKind.TooManyRequests,
                RetryAfterSeconds = 2,
                Remaining = int.MaxValue,
                Match = r => r.UserAgent != Intruder && r.Verb != "watch" && overload.NextDouble() < 0.4,
            });
        }

        server.Faults.Randomize(scenario.FaultSeed, scenario.FaultRate, r => r.UserAgent != Intruder);
    }

    private async Task DriveAsync()
    {
        for (var gate = 1; gate <= MaxGates + 1; gate++)
        {
            var kill = gate <= scenario.Kills.Count ? scenario.Kills[gate - 1] : null;
            if (gate == MaxGates + 1 && !scenario.PersistentOverload)
            {
                server.Faults.Clear(); // the last gate runs on a calm server: the run must still end consistently
            }

            var holder = "gate-" + gate.ToString(CultureInfo.InvariantCulture);
            // with nothing persisted yet there is nothing to resume: the operator runs the rollout again
            var withTarget = gate == 1 || scenario.ResumeWithTarget || State() is null;
            var (outcome, error) = await RunGateAsync(holder, withTarget, kill, gate == 1 ? scenario.ConcurrentAt : null);
            history.Add($"{holder}: {(outcome is null ? error : outcome.Kind + " " + outcome.Reason)}");
            if (intruder is not null)
            {
                // the contender ran while gate 1 lived; it must be done before the clock jumps for the next gate
                intruderOutcome ??= await intruder.WaitAsync(TimeSpan.FromSeconds(30));
            }

            if (outcome is { Kind: not (RolloutOutcomeKind.LeaseHeld or RolloutOutcomeKind.LeaseLost or RolloutOutcomeKind.NothingToDo) })
            {
                return;
            }

            if (kill is null || !kill.RestartAtOnce || outcome is not null)
            {
                await clock.AdvanceAsync(LeaseDuration + TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task<(RolloutOutcome? Outcome, string? Error)> RunGateAsync(string holder, bool withTarget, Kill? kill, int? concurrentAt)
    {
        using var killSwitch = new CancellationTokenSource();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(killSwitch.Token);
        limit.CancelAfter(TimeSpan.FromSeconds(30)); // real time: a hung run fails instead of stalling the suite
        if (kill is { Kind: KillKind.Hang or KillKind.LostResponse })
        {
            var seen = 0;
            server.Faults.Add(new FaultRule
            {
                Kind = kill.Kind == KillKind.Hang ? FaultKind.Timeout : FaultKind.LostResponse,
                HoldFor = TimeSpan.FromSeconds(10), // until the dying gate hangs up
                Match = r =>
                {
                    if (r.UserAgent != holder || ++seen < kill.At)
                    {
                        return false;
                    }

                    _ = killSwitch.CancelAsync(); // the gate dies while its request is in flight
                    return true;
                },
            });
        }

        var decisions = 0;
        void Progress(RolloutProgress progress)
        {
            decisions++;
            if (decisions == concurrentAt)
            {
                intruder = Task.Run(() => RolloutEngine.RunAsync(Plan(scenario, Intruder, withTarget: false), new RolloutPorts(Operator(Intruder)), clock.Driving, analyzer, CancellationToken.None));
            }

            if (kill is { Kind: KillKind.AfterDecision } && decisions == kill.At)
            {
                killSwitch.Cancel(); // persisted, not yet acted
            }
        }

        try
        {
            var outcome = await RolloutEngine.RunAsync(Plan(scenario, holder, withTarget), new RolloutPorts(Operator(holder), Progress), clock.Driving, analyzer, limit.Token);
            return (outcome, null);
        }
        catch (OperationCanceledException) when (killSwitch.IsCancellationRequested)
        {
            return (null, $"killed ({kill})");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{holder} did not finish within 30 s of real time (clock at {clock.Now:HH:mm:ss})");
        }
        catch (Exception ex) when (ex is GateUsageException or GateEnvironmentException or RolloutConflictException)
        {
            return (null, "died: " + ex.GetType().Name + ": " + ex.Message);
        }
    }

    private KubernetesDaemonSetOperator Operator(string holder)
    {
        var options = new ConnectionOptions
        {
            Kubeconfig = server.WriteKubeconfig(directory, context: holder),
            Retry = new RetrySettings { MaxRetries = 4, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10), AttemptTimeout = TimeSpan.FromSeconds(10) },
            UserAgent = holder,
        };
        var (client, _) = KubernetesConnection.Connect(options, clock.Driving, _ => null);
        return new KubernetesDaemonSetOperator(client, new DaemonSetRef(Namespace, Name, scenario.Kruise));
    }

    private List<string> Check()
    {
        var problems = new List<string>();
        // refused while gate 1 acts; a gate that starts just after gate 1 ended finds nothing to do (its writes are checked below)
        if (intruder is not null && intruderOutcome?.Kind is not (RolloutOutcomeKind.LeaseHeld or RolloutOutcomeKind.NothingToDo))
        {
            problems.Add($"the concurrent gate was not refused by the Lease: {intruderOutcome?.Kind}");
        }

        var ds = DaemonSet();
        var state = State();
        var image = ds["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();
        var strategy = ds["spec"]!["updateStrategy"]!.ToJsonString();
        var pods = server.Cluster.PodsByRevision(Namespace, Name);
        var podText = string.Join(",", pods.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        if (state is not { IsTerminal: true })
        {
            problems.Add($"the annotation says {state?.Phase.ToString() ?? "nothing"}, not a final state");
            return problems;
        }

        var expected = state.Phase == RolloutPhase.Promoted ? state.NewRevision : state.PreviousRevision;
        if (pods.Count != 1 || expected is null || !pods.TryGetValue(expected.Hash, out var count) || count != scenario.Nodes)
        {
            problems.Add($"{state.Phase} but pods are mixed or on the wrong revision: {podText} (expected {expected?.Hash}×{scenario.Nodes})");
        }

        var expectedImage = state.Phase == RolloutPhase.RolledBack ? OldImage : scenario.Verdict == VerdictPlan.CrashingImage ? CrashImage : NewImage;
        if (image != expectedImage)
        {
            problems.Add($"{state.Phase} but the template runs {image}");
        }

        if (strategy != OriginalStrategy && !(scenario.Kruise && strategy == KruiseRestored))
        {
            problems.Add("the update strategy was not restored: " + strategy);
        }

        if (scenario.ExpectPromoted != (state.Phase == RolloutPhase.Promoted))
        {
            problems.Add($"expected {(scenario.ExpectPromoted ? "Promoted" : "RolledBack")}, ended {state.Phase}: {state.Reason}");
        }

        var requests = server.Requests;
        var actors = new List<string>();
        foreach (var r in requests.Where(r => r.Resource != "leases" && r.Verb is "create" or "update" or "patch" or "delete" or "deletecollection"))
        {
            if (actors.Count == 0 || actors[^1] != r.UserAgent)
            {
                actors.Add(r.UserAgent);
            }
        }

        if (actors.Count != actors.Distinct(StringComparer.Ordinal).Count() || actors.Contains(Intruder))
        {
            problems.Add("two gates acted interleaved: writers in order " + string.Join(" → ", actors));
        }

        if (requests.FirstOrDefault(r => r.Status == 403 || r.User != FakeKubeServer.GateUser) is { } denied)
        {
            problems.Add("a request outside the shipped RBAC: " + denied);
        }

        if (requests.Any(r => r.IsClusterWidePodList))
        {
            problems.Add("a cluster-wide pod LIST");
        }

        return problems;
    }

    private JsonObject DaemonSet() => server.Cluster.Get(scenario.Kruise ? FakeCluster.KruiseGroup : "apps", "daemonsets", Namespace, Name)!;

    private RolloutState? State() => RolloutState.Parse(DaemonSet()["metadata"]!["annotations"]?[RolloutState.AnnotationKey]?.GetValue<string>());

    /// <summary>Requests served and virtual time passed (for the test output).</summary>
    public string Stats => $"{server.Requests.Count} requests, {(clock.Now - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalMinutes:0.0} virtual min";

    private string Report(string problem) =>
        $"FAILED {scenario}\n  {problem}\n  gates: {string.Join(" | ", history)}\n  replay: GATE_CHAOS_SEEDS={scenario.Seed.ToString(CultureInfo.InvariantCulture)} dotnet test tests/Gate.Kubernetes.Tests --filter RolloutChaosTests"
        + (Environment.GetEnvironmentVariable("GATE_CHAOS_TRACE") == "1" ? "\n" + string.Join("\n", server.Requests.Select(r => $"    {r.Time:HH:mm:ss} {r.UserAgent} {r.Verb} {r}")) : string.Empty);
}
