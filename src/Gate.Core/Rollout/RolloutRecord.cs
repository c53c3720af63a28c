using System.Text.Json;
using System.Text.Json.Serialization;
using Gate.Core.Health;

namespace Gate.Core.Rollout;

/// <summary>
/// What a rollout went through, for its report (<c>gate rollout --report</c>, <c>gate status --report</c>): the stage
/// events, the agents on the new revision, the health samples the judge read and every analysis. Small by design
/// (the judge's samples at its query step, one event per phase or stage change), so it travels inside the report.
/// </summary>
public sealed record RolloutRecord
{
    /// <summary>The schema of <see cref="ToJson"/>.</summary>
    public const string Schema = "gate.rollout-record/v1";

    /// <summary><c>namespace/name</c> of the DaemonSet.</summary>
    public required string Target { get; init; }

    /// <summary>What was rolled out (<see cref="TemplateChange.Describe"/>), or <c>rollback</c>.</summary>
    public string Change { get; init; } = string.Empty;

    public string? RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the record was last written.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Nodes the agent runs on.</summary>
    public int Nodes { get; init; }

    /// <summary>How the rollout ended (kebab case, e.g. <c>rolled-back</c>), or its phase while it runs.</summary>
    public string Outcome { get; init; } = string.Empty;

    public string Reason { get; init; } = string.Empty;

    public IReadOnlyList<RolloutEvent> Events { get; init; } = [];

    /// <summary>Nodes running the new revision over time.</summary>
    public IReadOnlyList<RecordedPoint> Agents { get; init; } = [];

    /// <summary>The health samples by signal id (the worst instance at each time, finite values only).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RecordedPoint>> Signals { get; init; } = new Dictionary<string, IReadOnlyList<RecordedPoint>>();

    public IReadOnlyList<RecordedAnalysis> Analyses { get; init; } = [];

    /// <summary>The record as JSON (schema <see cref="Schema"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(new RolloutRecordDocument(Schema, this), RolloutRecordJson.Default.RolloutRecordDocument);

    /// <summary>Parses <see cref="ToJson"/>'s output; null when it is not a rollout record.</summary>
    public static RolloutRecord? Parse(string json)
    {
        try
        {
            var document = JsonSerializer.Deserialize(json, RolloutRecordJson.Default.RolloutRecordDocument);
            return document?.Schema == Schema ? document.Record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A phase or stage change of the rollout engine.</summary>
/// <param name="At">When the engine decided it.</param>
/// <param name="Phase">The phase it entered.</param>
/// <param name="Stage">0-based stage.</param>
/// <param name="StageCount">Number of stages.</param>
/// <param name="Updated">Nodes running the new revision then.</param>
/// <param name="Activity">What the engine did (one line).</param>
public sealed record RolloutEvent(DateTimeOffset At, RolloutPhase Phase, int Stage, int StageCount, int Updated, string Activity);

/// <summary>One sample of a recorded series.</summary>
public sealed record RecordedPoint(DateTimeOffset At, double Value);

/// <summary>One analysis as the report shows it: when, the stage, the verdict, its lines and the projection.</summary>
public sealed record RecordedAnalysis(DateTimeOffset At, int Stage, int UpdatedNodes, StageVerdictKind Outcome, string Reason, IReadOnlyList<string> Lines)
{
    public IReadOnlyList<RecordedProjection> Projection { get; init; } = [];

    /// <summary>The analysis of <paramref name="record"/>.</summary>
    public static RecordedAnalysis From(StageAnalysisRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new RecordedAnalysis(record.Context.Now, record.Context.StageIndex + 1, record.Context.UpdatedNodes, record.Stage.Kind, record.Verdict.Reason, record.Stage.Signals ?? [])
        {
            Projection = RecordedProjection.From(record.Verdict.Projection),
        };
    }
}

/// <summary>One projected metric of an analysis: measured on the canary, projected to the fleet, and the budget.</summary>
public sealed record RecordedProjection(string Metric, string Title, string Unit, HealthOutcome Outcome, double? Measured, double? Projected, double Budget)
{
    /// <summary>The lines of <paramref name="projection"/> (empty when there was none).</summary>
    public static IReadOnlyList<RecordedProjection> From(ProjectionVerdict? projection) =>
        projection is null ? [] : [.. projection.Lines.Select(l => new RecordedProjection(l.Metric, l.Title, l.Unit, l.Outcome, Finite(l.Measured), Finite(l.Projected), l.Budget))];

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>The JSON document: the schema beside the record.</summary>
internal sealed record RolloutRecordDocument(string Schema, RolloutRecord Record);

/// <summary>Source-generated (de)serialization of <see cref="RolloutRecord"/> (the native build has no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RolloutRecordDocument))]
internal sealed partial class RolloutRecordJson : JsonSerializerContext;
