using System.Globalization;
using Gate.Core.Rollout;

namespace Gate.Kubernetes.Tests.Chaos;

/// <summary>How a gate dies.</summary>
internal enum KillKind
{
    /// <summary>Its Nth request hangs on the server (never applied) and the gate is cancelled while waiting.</summary>
    Hang,

    /// <summary>Its Nth request is applied by the server but the answer is lost, and the gate is cancelled while waiting.</summary>
    LostResponse,

    /// <summary>Cancelled right after its Nth decision was persisted, before the action ran (the write-ahead gap).</summary>
    AfterDecision,
}

/// <summary>One kill: which gate-local count triggers it and whether the next gate starts at once or after the Lease expired.</summary>
internal sealed record Kill(KillKind Kind, int At, bool RestartAtOnce)
{
    public override string ToString() => $"{Kind}@{At}{(RestartAtOnce ? " restart-at-once" : " restart-after-lease")}";
}

/// <summary>What the analysis says.</summary>
internal enum VerdictPlan
{
    Healthy,
    UnhealthyAtStage,
    CrashingImage,
}

/// <summary>One randomized run, fully derived from its seed.</summary>
internal sealed record ChaosScenario
{
    public required int Seed { get; init; }

    public required int Nodes { get; init; }

    public required int Zones { get; init; }

    public required bool Kruise { get; init; }

    public required string Stages { get; init; }

    public required VerdictPlan Verdict { get; init; }

    public int UnhealthyStage { get; init; }

    public required double FaultRate { get; init; }

    public required int FaultSeed { get; init; }

    /// <summary>Extra one-off faults: (kind, the Nth matching request of the whole run, writes only).</summary>
    public required IReadOnlyList<(Gate.Testing.FakeKube.FaultKind Kind, int At, bool WritesOnly)> OneOffs { get; init; }

    /// <summary>Kills, one per gate in order (gate 1 dies by the first, and so on).</summary>
    public required IReadOnlyList<Kill> Kills { get; init; }

    /// <summary>A second gate starts while gate 1 acts, after its Nth decision (null: none).</summary>
    public int? ConcurrentAt { get; init; }

    /// <summary>Resumed gates pass the same target (true) or resume without one.</summary>
    public required bool ResumeWithTarget { get; init; }

    /// <summary>
    /// The API server stays overloaded to the end: 40 % of the gates' requests get 429 (Retry-After 2 s), the last
    /// gate too (no calm server to finish on), so a request fails past its retries now and then and the gate must
    /// carry on by itself (issue #21).
    /// </summary>
    public bool PersistentOverload { get; init; }

    /// <summary>True when the run must end promoted (else rolled back).</summary>
    public bool ExpectPromoted => Verdict == VerdictPlan.Healthy;

    public static ChaosScenario FromSeed(int seed)
    {
        var random = new Random(seed);
        var stages = new[] { "1,50%,100%", "1,100%", "2,50%,100%", "100%", "1,34%,67%,100%" }[random.Next(5)];
        var nodes = random.Next(3, 9);
        var stageCount = NodeOrdering.ResolveStages(StageSize.Parse(stages), nodes).Count;
        var verdictRoll = random.Next(10);
        var verdict = verdictRoll < 5 ? VerdictPlan.Healthy : verdictRoll < 8 ? VerdictPlan.UnhealthyAtStage : VerdictPlan.CrashingImage;
        var faultKinds = new[] { Gate.Testing.FakeKube.FaultKind.Timeout, Gate.Testing.FakeKube.FaultKind.LostResponse, Gate.Testing.FakeKube.FaultKind.Conflict };
        var oneOffs = Enumerable.Range(0, random.Next(4))
            .Select(_ => (faultKinds[random.Next(faultKinds.Length)], random.Next(1, 150), random.Next(3) > 0))
            .ToList();
        var kills = Enumerable.Range(0, random.Next(4))
            .Select(_ => new Kill((KillKind)random.Next(3), random.Next(1, 60), random.Next(2) == 0))
            .ToList();
        return new ChaosScenario
        {
            Seed = seed,
            Nodes = nodes,
            Zones = random.Next(1, 4),
            Kruise = random.Next(5) == 0,
            Stages = stages,
            Verdict = verdict,
            UnhealthyStage = random.Next(stageCount),
            FaultRate = random.Next(4) * 0.04,
            FaultSeed = random.Next(),
            OneOffs = oneOffs,
            Kills = kills,
            ConcurrentAt = random.Next(3) == 0 ? random.Next(1, 25) : null,
            ResumeWithTarget = random.Next(2) == 0,
            PersistentOverload = random.Next(4) == 0, // drawn last: the other draws of a seed stay as they were
        };
    }

    /// <summary>The scripted verdict of one analysis.</summary>
    public StageVerdict VerdictAt(StageAnalysisContext context) =>
        Verdict == VerdictPlan.UnhealthyAtStage && context.StageIndex == UnhealthyStage
            ? StageVerdict.Unhealthy("apiserver p99 3.2s > slo 1s")
            : StageVerdict.Healthy("scripted healthy");

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"seed {Seed}: {Nodes} nodes/{Zones} zones{(Kruise ? " kruise" : string.Empty)}, stages {Stages}, {Verdict}{(Verdict == VerdictPlan.UnhealthyAtStage ? " " + UnhealthyStage : string.Empty)}, " +
        $"fault rate {FaultRate:0.00}, one-offs [{string.Join(", ", OneOffs.Select(o => $"{o.Kind}@{o.At}{(o.WritesOnly ? "w" : string.Empty)}"))}], kills [{string.Join(", ", Kills)}], " +
        $"concurrent {(ConcurrentAt is { } c ? "@" + c : "none")}, resume {(ResumeWithTarget ? "with target" : "without target")}{(PersistentOverload ? ", persistent overload" : string.Empty)}");
}
