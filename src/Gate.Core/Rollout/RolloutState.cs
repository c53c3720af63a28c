using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gate.Core.Rollout;

/// <summary>Where a rollout stands.</summary>
public enum RolloutPhase
{
    /// <summary>Recording the original strategy, switching to OnDelete (or a full partition), applying the template.</summary>
    Preparing,

    /// <summary>Replacing the pods of the current stage's nodes in batches and waiting for them to be Ready.</summary>
    Updating,

    /// <summary>Every node of the stage runs the new revision and is Ready; the bake timer runs.</summary>
    Baking,

    /// <summary>Judging control-plane health for the stage.</summary>
    Analyzing,

    /// <summary>All stages passed: restoring the original update strategy.</summary>
    Finalizing,

    /// <summary>Restoring the previous revision and replacing new-revision pods in bounded batches.</summary>
    RollingBack,

    /// <summary>Terminal: every node runs the new revision, the strategy is restored.</summary>
    Promoted,

    /// <summary>Terminal: every node runs the previous revision, the strategy is restored.</summary>
    RolledBack,
}

/// <summary>A ControllerRevision reference kept in the state.</summary>
/// <param name="Name">Object name.</param>
/// <param name="Hash">controller-revision-hash.</param>
/// <param name="Revision">Revision number when recorded.</param>
public sealed record RevisionRef(string Name, string Hash, long Revision);

/// <summary>
/// The rollout state, stored as JSON in the DaemonSet annotation <c>gate.dev/rollout</c> and written with a
/// resourceVersion precondition, so a killed gate (or another gate) resumes exactly where it stood.
/// </summary>
public sealed record RolloutState
{
    /// <summary>The annotation key.</summary>
    public const string AnnotationKey = "gate.dev/rollout";

    public int Version { get; init; } = 1;

    /// <summary>Identifies one rollout (all gates resuming it share it).</summary>
    public required string RunId { get; init; }

    public required RolloutPhase Phase { get; init; }

    /// <summary><see cref="TemplateChange.Describe"/> of the target, or <c>rollback</c>.</summary>
    public required string Target { get; init; }

    /// <summary>The template change itself, so a resumed gate needs no target.</summary>
    public TemplateChange? TargetChange { get; init; }

    public RolloutMode Mode { get; init; }

    /// <summary>0-based stage.</summary>
    public int Stage { get; init; }

    /// <summary>Cumulative node counts per stage (resolved when the new revision appeared).</summary>
    public IReadOnlyList<int> StageTargets { get; init; } = [];

    public RevisionRef? PreviousRevision { get; init; }

    public RevisionRef? NewRevision { get; init; }

    /// <summary>The update strategy the DaemonSet had before the gate touched it.</summary>
    public UpdateStrategySpec? OriginalStrategy { get; init; }

    /// <summary>Nodes of the batch in flight (pods deleted, waiting for replacements).</summary>
    public IReadOnlyList<string> Pending { get; init; } = [];

    /// <summary>The pods deleted for the batch in flight (OnDelete), so a gate resuming it can delete them again.</summary>
    public IReadOnlyList<string> PendingPods { get; init; } = [];

    /// <summary>
    /// The gate run (<see cref="RolloutObservation.Actor"/>) that owns the batch in flight. The state is written before
    /// the pods are deleted, so a gate killed in between leaves a batch whose deletes never happened: a gate that finds
    /// a batch owned by another run deletes its pods again (gone is fine) and takes the batch over.
    /// </summary>
    public string? PendingBy { get; init; }

    public DateTimeOffset? BatchStartedAt { get; init; }

    public DateTimeOffset? StageStartedAt { get; init; }

    public DateTimeOffset? BakeStartedAt { get; init; }

    /// <summary>Template applications without a new revision appearing.</summary>
    public int ApplyAttempts { get; init; }

    /// <summary>Inconclusive analyses in the current stage.</summary>
    public int Inconclusive { get; init; }

    /// <summary>Set by <c>gate promote</c>: skip the rest of this stage's bake.</summary>
    public int? PromoteStage { get; init; }

    /// <summary>Set by <c>gate abort</c>: stop and roll back.</summary>
    public bool AbortRequested { get; init; }

    /// <summary>Why the rollout rolls back (or rolled back).</summary>
    public string? Reason { get; init; }

    /// <summary>Outcome recorded when rolling back: RolledBack, Inconclusive or Aborted.</summary>
    public RolloutOutcomeKind? RollbackKind { get; init; }

    /// <summary>The last analysis verdict line.</summary>
    public string? LastVerdict { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    /// <summary>True for <see cref="RolloutPhase.Promoted"/> and <see cref="RolloutPhase.RolledBack"/>.</summary>
    [JsonIgnore]
    public bool IsTerminal => Phase is RolloutPhase.Promoted or RolloutPhase.RolledBack;

    /// <summary>Serializes to the annotation value.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RolloutStateJson.Default.RolloutState);

    /// <summary>Parses the annotation value; null when absent; throws <see cref="GateUsageException"/> when malformed.</summary>
    public static RolloutState? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, RolloutStateJson.Default.RolloutState);
        }
        catch (JsonException ex)
        {
            throw new GateUsageException(
                $"the {AnnotationKey} annotation is not valid rollout state: {ex.Message}",
                hint: "remove the annotation if no gate is running");
        }
    }

    /// <summary>Structural equality including the lists (records compare lists by reference).</summary>
    public bool SameAs(RolloutState? other) => other is not null && ToJson() == other.ToJson();
}

/// <summary>Source-generated (de)serialization of <see cref="RolloutState"/>: no reflection, so it works in the native build.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RolloutState))]
internal sealed partial class RolloutStateJson : JsonSerializerContext;
