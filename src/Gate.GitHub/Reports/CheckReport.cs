using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gate.GitHub.Reports;

/// <summary>
/// The <c>gate check --format json</c> report (schema <c>gate.check/v1</c>) as the Action reads it:
/// <c>{"schema","passed","findings":[…],"estimate":{…}}</c>. Only the fields the publisher needs are typed; the
/// estimate stays raw JSON so a richer estimate never breaks the reader.
/// </summary>
public sealed record CheckReport
{
    /// <summary>The schema identifier this reader understands.</summary>
    public const string SchemaV1 = "gate.check/v1";

    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    /// <summary>False when a finding at or above the fail-on level is not suppressed.</summary>
    [JsonPropertyName("passed")]
    public bool Passed { get; init; }

    [JsonPropertyName("findings")]
    public IReadOnlyList<CheckFinding> Findings { get; init; } = [];

    /// <summary>The estimate (schema <c>gate.estimate/v1</c>), kept as raw JSON.</summary>
    [JsonPropertyName("estimate")]
    public JsonElement? Estimate { get; init; }
}

/// <summary>One policy finding of a <see cref="CheckReport"/>.</summary>
public sealed record CheckFinding
{
    /// <summary>Rule id, e.g. <c>GATE101</c>.</summary>
    [JsonPropertyName("ruleId")]
    public string RuleId { get; init; } = string.Empty;

    /// <summary><c>error</c>, <c>warning</c> or <c>note</c>.</summary>
    [JsonPropertyName("severity")]
    public string Severity { get; init; } = "warning";

    [JsonPropertyName("message")]
    public string Message { get; init; } = string.Empty;

    /// <summary>The workload the finding is about, e.g. <c>DaemonSet/monitoring/otel-agent</c>.</summary>
    [JsonPropertyName("workload")]
    public string? Workload { get; init; }

    /// <summary>The manifest or config line that causes the finding, when known.</summary>
    [JsonPropertyName("origin")]
    public FindingOrigin? Origin { get; init; }

    /// <summary>True when a suppression (annotation or policy allow list) covers the finding; it is still shown.</summary>
    [JsonPropertyName("suppressed")]
    public bool Suppressed { get; init; }
}

/// <summary>Where a finding comes from: file (as given to <c>gate check</c>), 1-based line and column.</summary>
public sealed record FindingOrigin
{
    [JsonPropertyName("file")]
    public string? File { get; init; }

    [JsonPropertyName("line")]
    public int Line { get; init; }

    [JsonPropertyName("column")]
    public int Column { get; init; }
}

/// <summary>Source-generated reading of <see cref="CheckReport"/> (strict JSON: no comments, no trailing commas); no reflection.</summary>
[JsonSourceGenerationOptions(AllowTrailingCommas = false, ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(CheckReport))]
internal sealed partial class CheckReportJson : JsonSerializerContext;
