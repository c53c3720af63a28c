using System.Globalization;

namespace Gate.Core.Fleet;

/// <summary>What a fleet notification is about.</summary>
public enum FleetEventKind
{
    WaveStarted,
    StageStarted,
    Verdict,
    RolledBack,
    Paused,
    Finished,
}

/// <summary>
/// One notification of a fleet rollout (<c>--notify URL</c>): what happened, where, and a one-line
/// <see cref="Text"/> for chat (Slack-compatible webhooks read only <c>text</c>).
/// </summary>
public sealed record FleetEvent
{
    public required FleetEventKind Kind { get; init; }

    /// <summary>The DaemonSet, <c>namespace/name</c>.</summary>
    public required string DaemonSet { get; init; }

    /// <summary>1-based wave, or null for fleet-wide events.</summary>
    public int? Wave { get; init; }

    public string? Cluster { get; init; }

    /// <summary>1-based stage, for stage and verdict events.</summary>
    public int? Stage { get; init; }

    /// <summary>The verdict or outcome (<c>healthy</c>, <c>unhealthy</c>, <c>promoted</c>, <c>rolled-back</c>, …).</summary>
    public string? Outcome { get; init; }

    /// <summary>A line of detail (the engine's reason, the stop's cause).</summary>
    public string? Detail { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>The one-line chat message.</summary>
    public string Text
    {
        get
        {
            var where = (Wave, Cluster) switch
            {
                ({ } w, { } c) => string.Create(CultureInfo.InvariantCulture, $"wave {w}, cluster {c}"),
                ({ } w, null) => string.Create(CultureInfo.InvariantCulture, $"wave {w}"),
                _ => "fleet",
            };
            var what = Kind switch
            {
                FleetEventKind.WaveStarted => "wave started",
                FleetEventKind.StageStarted => string.Create(CultureInfo.InvariantCulture, $"stage {Stage} started"),
                FleetEventKind.Verdict => string.Create(CultureInfo.InvariantCulture, $"stage {Stage} analysis: {Outcome}"),
                FleetEventKind.RolledBack => "ROLLED BACK",
                FleetEventKind.Paused => "paused: waiting for gate promote --fleet",
                _ => "finished: " + Outcome,
            };
            var detail = string.IsNullOrEmpty(Detail) ? string.Empty : " — " + Detail;
            return $"gate {DaemonSet} ({where}): {what}{detail}";
        }
    }
}
