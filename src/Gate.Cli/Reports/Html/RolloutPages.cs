using System.Globalization;
using Gate.Core.Health;
using Gate.Core.Rollout;

namespace Gate.Cli.Reports.Html;

/// <summary>
/// The HTML page of a real rollout (<c>gate rollout --report</c>, <c>gate status --report</c>): the charts are the
/// health samples the judge read (<see cref="RolloutRecorder"/>), the markers the engine's stage events, the tables its
/// analyses. The page keeps its record (JSON, schema <see cref="RolloutRecord.Schema"/>) so <c>gate status --report</c>
/// on the same file brings it up to date from the rollout's annotation.
/// </summary>
internal static class RolloutPages
{
    public static HtmlReport Page(RolloutRecord record, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var duration = Math.Max(60, (record.EndedAt - record.StartedAt).TotalSeconds);
        double Seconds(DateTimeOffset at) => (at - record.StartedAt).TotalSeconds;
        var harmful = record.Outcome is not ("promoted" or "no-change" or "nothing-to-do" or "preparing" or "updating" or "baking" or "analyzing" or "finalizing");
        var run = new RunPanel
        {
            Id = "rollout",
            Label = "gate rollout " + record.Target,
            Outcome = record.Outcome,
            Harmful = harmful,
            Duration = duration,
            Nodes = record.Nodes,
            Missing = "not measured: no sample of this signal was recorded",
            MissingReasons = new Dictionary<ChartMetric, string> { [ChartMetric.Cpu] = "not measured: the health pack has no API server CPU signal" },
            Charts = Charts(record, Seconds),
            Markers = SimulationPages.Markers(record.Events.Select(e => (Seconds(e.At), e))),
            Analyses = [.. record.Analyses.Select(a => new AnalysisRow(Seconds(a.At), a.Stage, a.UpdatedNodes, RolloutRecorder.Kebab(a.Outcome.ToString()), a.Reason, a.Lines, a.Projection))],
            Facts =
            [
                new ReportFact("Outcome", record.Outcome, "record.outcome", Json(record.Outcome)),
                new ReportFact("Reason", record.Reason),
                new ReportFact("Nodes", record.Nodes.ToString("N0", CultureInfo.InvariantCulture), "record.nodes", record.Nodes.ToString(CultureInfo.InvariantCulture)),
                new ReportFact("Started (UTC)", record.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new ReportFact("Covered", SvgChart.Clock((record.EndedAt - record.StartedAt).TotalSeconds)[1..]),
                new ReportFact("Analyses", record.Analyses.Count.ToString(CultureInfo.InvariantCulture)),
            ],
        };
        return new HtmlReport
        {
            Title = $"gate rollout {record.Target}" + (record.Change.Length == 0 ? string.Empty : ": " + record.Change),
            Lead =
            [
                $"Outcome: {record.Outcome.ToUpperInvariant()} — {record.Reason}",
                "The charts are the samples the health judge read from the health source during the rollout (the worst API server at each time), the markers the gate's stage events, the tables its analyses.",
                .. note is null ? Array.Empty<string>() : [note],
            ],
            Sections = [new ReportSection("rollout", "Control-plane health during the rollout", string.Empty, [run])],
            Footer = "gate rollout --report / gate status --report; the rollout's record (" + RolloutRecord.Schema + ") is kept in this page.",
            EmbeddedRecord = record.ToJson(),
        };
    }

    /// <summary>Writes the page of <paramref name="record"/> to <paramref name="path"/> (exit 2 when it cannot be written).</summary>
    public static Task WriteAsync(CliContext context, string path, RolloutRecord record, CancellationToken cancellationToken, string? note = null) =>
        ReportOutput.WriteAsync(context, path, HtmlRenderer.Render(Page(record, note)), cancellationToken, "--report");

    /// <summary>
    /// <c>gate status --report</c>: the record kept in <paramref name="path"/> by an earlier report of the same rollout,
    /// brought up to date from the annotation's <paramref name="state"/>; without one, a record built from the state alone.
    /// </summary>
    public static async Task WriteStatusAsync(CliContext context, string path, DaemonSetRef target, RolloutState state, int updated, int nodes, CancellationToken cancellationToken)
    {
        var full = context.ResolvePath(path);
        RolloutRecord? kept = null;
        if (File.Exists(full) && HtmlRenderer.EmbeddedRecord(await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false)) is { } json)
        {
            kept = RolloutRecord.Parse(json) is { } parsed && parsed.Target == target.ToString() && (parsed.RunId is null || parsed.RunId == state.RunId) ? parsed : null;
        }

        var now = context.Clock.GetUtcNow();
        var outcome = Outcome(state);
        var record = kept is null ? FromState(target, state, outcome, updated, nodes, now)
            : state.IsTerminal ? kept with { Outcome = outcome, RunId = state.RunId }
            : kept with
            {
                Outcome = outcome,
                Reason = state.Reason ?? kept.Reason,
                RunId = state.RunId,
                EndedAt = now,
                Agents = [.. kept.Agents, new RecordedPoint(now, updated)],
            };
        var note = kept is null
            ? "Built from the rollout's annotation alone: it keeps the stage the rollout is in and when it started, not the health samples or the analyses; a report written by gate rollout --report to this file has them."
            : null;
        await WriteAsync(context, path, record, cancellationToken, note).ConfigureAwait(false);
    }

    private static RolloutRecord FromState(DaemonSetRef target, RolloutState state, string outcome, int updated, int nodes, DateTimeOffset now)
    {
        var count = state.StageTargets.Count;
        var events = new List<RolloutEvent> { new(state.StartedAt, RolloutPhase.Preparing, 0, count, 0, "started") };
        if (count > 0 && state.StageStartedAt is { } stageStarted)
        {
            events.Add(new RolloutEvent(stageStarted, RolloutPhase.Updating, state.Stage, count, updated, $"stage {state.Stage + 1}"));
        }

        if (state.BakeStartedAt is { } bake)
        {
            events.Add(new RolloutEvent(bake, RolloutPhase.Baking, state.Stage, count, updated, $"stage {state.Stage + 1}: baking"));
        }

        return new RolloutRecord
        {
            Target = target.ToString(),
            Change = state.Target,
            RunId = state.RunId,
            StartedAt = state.StartedAt,
            EndedAt = now,
            Nodes = nodes,
            Outcome = outcome,
            Reason = state.Reason ?? state.LastVerdict ?? string.Empty,
            Events = events,
            Agents = [new RecordedPoint(now, updated)],
        };
    }

    private static string Outcome(RolloutState state) => state.Phase switch
    {
        RolloutPhase.Promoted => "promoted",
        RolloutPhase.RolledBack => RolloutRecorder.Kebab((state.RollbackKind ?? RolloutOutcomeKind.RolledBack).ToString()),
        _ => RolloutRecorder.Kebab(state.Phase.ToString()),
    };

    private static Dictionary<ChartMetric, ChartData> Charts(RolloutRecord record, Func<DateTimeOffset, double> seconds)
    {
        var charts = new Dictionary<ChartMetric, ChartData>();
        void Add(ChartMetric metric, string signal, string caption, string unit, double? limit = null, string? limitLabel = null)
        {
            if (record.Signals.TryGetValue(signal, out var points) && points.Count > 0)
            {
                charts[metric] = new ChartData
                {
                    Points = [.. points.Select(p => new ChartPoint(seconds(p.At), p.Value)).Where(p => p.Seconds >= 0)],
                    Caption = caption,
                    Format = v => HealthFormat.Value(v, unit),
                    Limit = limit,
                    LimitLabel = limitLabel,
                };
            }
        }

        Add(ChartMetric.Memory, WellKnownSignals.ApiServerRss, "API server resident memory (the fullest replica)", "bytes");
        Add(ChartMetric.ApfQueued, WellKnownSignals.ApfInqueue, "Requests waiting in APF queues (worst priority level)", "count");
        Add(ChartMetric.Rejections, WellKnownSignals.ApfRejected, "Requests APF rejected (429) per second", "req/s");
        Add(ChartMetric.RequestP99, WellKnownSignals.ApiServerRequestP99, "Request p99 (non-WATCH)", "seconds", SimulationPages.RequestSloSeconds, "SLO " + HealthFormat.Value(SimulationPages.RequestSloSeconds, "seconds"));
        Add(ChartMetric.CoreDns, WellKnownSignals.CoreDnsServfail, "CoreDNS responses that are SERVFAIL", "ratio", 0.01, "1% SERVFAIL");
        if (record.Agents.Count > 0)
        {
            charts[ChartMetric.Agents] = new ChartData
            {
                Points = [.. record.Agents.Select(p => new ChartPoint(seconds(p.At), p.Value))],
                Caption = "Nodes running the new revision",
                Format = v => HealthFormat.Number(v),
                Limit = record.Nodes > 0 ? record.Nodes : null,
                LimitLabel = string.Create(CultureInfo.InvariantCulture, $"all {record.Nodes:N0} nodes"),
            };
        }

        return charts;
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text, ReportJson.Default.String);
}
