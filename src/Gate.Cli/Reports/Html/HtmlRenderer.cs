using System.Globalization;
using System.Text;
using Gate.Core.Health;

namespace Gate.Cli.Reports.Html;

/// <summary>
/// Renders an <see cref="HtmlReport"/> as one self-contained page: inline CSS and SVG, no script, no font, no image
/// or style from anywhere else (a Content-Security-Policy says so to the browser), readable offline and printable.
/// Colours are the Okabe–Ito palette (distinct under the common colour-vision deficiencies) and every colour has a
/// second cue: the runs' lines differ in dash pattern, the states of CoreDNS in hatching, and every chart has a text
/// alternative and its data as a table. Deterministic: the same report gives the same bytes.
/// </summary>
internal static class HtmlRenderer
{
    /// <summary>The id of the element that keeps <see cref="HtmlReport.EmbeddedRecord"/>.</summary>
    public const string RecordElementId = "gate-record";

    private static readonly (ChartMetric Metric, string Title)[] Rows =
    [
        (ChartMetric.Cpu, "API server CPU"),
        (ChartMetric.Memory, "API server memory against its limit"),
        (ChartMetric.ApfQueued, "APF: requests waiting in queues"),
        (ChartMetric.Rejections, "APF: 429 responses"),
        (ChartMetric.RequestP99, "Request p99 against the SLO"),
        (ChartMetric.Agents, "Agents on the new revision"),
        (ChartMetric.CoreDns, "CoreDNS"),
    ];

    public static string Render(HtmlReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder(256 * 1024);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"gate\">\n")
            .Append("<title>").Append(Html.Text(report.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n").Append(Patterns).Append("<main>\n");
        h.Append("<h1>").Append(Html.Text(report.Title)).Append("</h1>\n");
        foreach (var paragraph in report.Lead)
        {
            h.Append("<p class=\"lead\">").Append(Html.Text(paragraph)).Append("</p>\n");
        }

        AppendLegend(h);
        foreach (var section in report.Sections)
        {
            AppendSection(h, section);
        }

        h.Append("</main>\n<footer><p>").Append(Html.Text(report.Footer)).Append("</p></footer>\n");
        if (report.EmbeddedRecord is { } record)
        {
            h.Append("<pre id=\"").Append(RecordElementId).Append("\" hidden>").Append(Html.Text(record)).Append("</pre>\n");
        }

        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>The text kept by <see cref="HtmlReport.EmbeddedRecord"/> in a page this renderer wrote, or null.</summary>
    public static string? EmbeddedRecord(string page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var open = $"<pre id=\"{RecordElementId}\" hidden>";
        var start = page.IndexOf(open, StringComparison.Ordinal);
        var end = start < 0 ? -1 : page.IndexOf("</pre>", start, StringComparison.Ordinal);
        return end < 0 ? null : System.Net.WebUtility.HtmlDecode(page[(start + open.Length)..end]);
    }

    private static void AppendLegend(StringBuilder h)
    {
        h.Append("<section class=\"legend\" aria-label=\"How to read the charts\"><h2>How to read the charts</h2><ul>")
            .Append("<li><svg viewBox=\"0 0 40 10\" aria-hidden=\"true\"><line class=\"series run-without\" x1=\"0\" x2=\"40\" y1=\"5\" y2=\"5\"/></svg> without Gate (solid)</li>")
            .Append("<li><svg viewBox=\"0 0 40 10\" aria-hidden=\"true\"><line class=\"series run-with\" x1=\"0\" x2=\"40\" y1=\"5\" y2=\"5\"/></svg> with Gate (long dashes)</li>")
            .Append("<li><svg viewBox=\"0 0 40 10\" aria-hidden=\"true\"><line class=\"series run-fixed\" x1=\"0\" x2=\"40\" y1=\"5\" y2=\"5\"/></svg> another run with Gate (short dashes)</li>")
            .Append("<li><svg viewBox=\"0 0 40 10\" aria-hidden=\"true\"><line class=\"limit\" x1=\"0\" x2=\"40\" y1=\"5\" y2=\"5\"/></svg> limit or SLO</li>")
            .Append("<li><svg viewBox=\"0 0 40 10\" aria-hidden=\"true\"><g class=\"marker marker-stage\"><line x1=\"20\" x2=\"20\" y1=\"0\" y2=\"10\"/></g></svg> a stage starts (S1, S2, …)</li>")
            .Append("<li><svg viewBox=\"0 0 40 10\" aria-hidden=\"true\"><g class=\"marker marker-rollback\"><line x1=\"20\" x2=\"20\" y1=\"0\" y2=\"10\"/></g></svg> the gate rolls back</li>")
            .Append("<li><svg viewBox=\"0 0 40 10\" aria-hidden=\"true\"><g class=\"marker marker-event\"><line x1=\"20\" x2=\"20\" y1=\"0\" y2=\"10\"/></g></svg> an event (apply, first OOM kill, DNS failing)</li>")
            .Append("</ul><p>Every chart has a text description and its data as a table (open “Data”). Times are minutes from the start of each run.</p></section>\n");
    }

    private static void AppendSection(StringBuilder h, ReportSection section)
    {
        h.Append("<section class=\"run-section\" id=\"").Append(Html.Text(section.Id)).Append("\" aria-labelledby=\"").Append(Html.Text(section.Id)).Append("-h\">\n<h2 id=\"")
            .Append(Html.Text(section.Id)).Append("-h\">").Append(Html.Text(section.Heading)).Append("</h2>\n");
        if (section.Intro.Length > 0)
        {
            h.Append("<p>").Append(Html.Text(section.Intro)).Append("</p>\n");
        }

        var columns = Math.Clamp(section.Runs.Count, 1, 3);
        h.Append(Inv($"<div class=\"runs cols-{columns}\">"));
        foreach (var run in section.Runs)
        {
            AppendSummary(h, section, run);
        }

        h.Append("</div>\n");
        var span = section.Runs.Select(r => r.Duration).DefaultIfEmpty(60).Max();
        foreach (var (metric, title) in Rows)
        {
            h.Append("<div class=\"chart-row\"><h3>").Append(Html.Text(title)).Append("</h3>").Append(Inv($"<div class=\"runs cols-{columns}\">"));
            foreach (var run in section.Runs)
            {
                var id = $"{section.Id}-{run.Id}-{metric.ToString().ToLowerInvariant()}";
                h.Append("<figure class=\"cell\" id=\"").Append(Html.Text(id)).Append("\"><figcaption>").Append(Html.Text(run.Label)).Append("</figcaption>");
                if (run.Charts.TryGetValue(metric, out var chart))
                {
                    SvgChart.Append(h, id, $"{title}, {run.Label}", chart, run.Markers, span, "run-" + run.Id);
                    SvgChart.AppendTable(h, $"{title}, {run.Label}", chart);
                }
                else
                {
                    h.Append("<p class=\"missing\">").Append(Html.Text(run.MissingReasons.GetValueOrDefault(metric, run.Missing))).Append("</p>");
                }

                h.Append("</figure>");
            }

            h.Append("</div></div>\n");
        }

        foreach (var run in section.Runs.Where(r => r.Analyses.Count > 0))
        {
            AppendAnalyses(h, section, run);
        }

        h.Append("</section>\n");
    }

    private static void AppendSummary(StringBuilder h, ReportSection section, RunPanel run)
    {
        h.Append("<div class=\"cell summary\" id=\"").Append(Html.Text($"{section.Id}-{run.Id}")).Append("\"><h3>").Append(Html.Text(run.Label)).Append("</h3>")
            .Append("<p class=\"outcome ").Append(run.Harmful ? "bad" : "good").Append("\" data-outcome=\"").Append(Html.Text(run.Outcome)).Append("\">")
            .Append(run.Harmful ? "✗ " : "✓ ").Append(Html.Text(run.Outcome.ToUpperInvariant())).Append("</p><dl>");
        foreach (var fact in run.Facts)
        {
            h.Append("<div><dt>").Append(Html.Text(fact.Label)).Append("</dt><dd");
            if (fact.Key is { } key)
            {
                h.Append(" data-key=\"").Append(Html.Text(key)).Append("\" data-value=\"").Append(Html.Text(fact.Json ?? "null")).Append('"');
            }

            h.Append('>').Append(Html.Text(fact.Text)).Append("</dd></div>");
        }

        h.Append("</dl></div>");
    }

    private static void AppendAnalyses(StringBuilder h, ReportSection section, RunPanel run)
    {
        var id = Html.Text($"{section.Id}-{run.Id}");
        h.Append("<div class=\"analyses\"><h3 id=\"").Append(id).Append("-projection\">Projection at each analysis against the budget: ").Append(Html.Text(run.Label)).Append("</h3>");
        if (run.Analyses.Any(a => a.Projection.Count > 0))
        {
            h.Append("<table class=\"projection\" aria-labelledby=\"").Append(id).Append("-projection\"><thead><tr><th scope=\"col\">Analysis</th><th scope=\"col\">Stage</th><th scope=\"col\">Canary nodes</th><th scope=\"col\">Metric</th><th scope=\"col\">Measured on the canary</th>")
                .Append(Inv($"<th scope=\"col\">Projected to {run.Nodes:N0} nodes</th><th scope=\"col\">Budget</th><th scope=\"col\">Projected ÷ budget (log scale, budget in the middle)</th><th scope=\"col\">Outcome</th></tr></thead><tbody>"));
            foreach (var a in run.Analyses)
            {
                foreach (var p in a.Projection)
                {
                    var ratio = p.Projected is { } projected && p.Budget > 0 ? projected / p.Budget : (double?)null;
                    h.Append("<tr><td>").Append(SvgChart.Clock(a.Seconds)).Append(Inv($"</td><td>{a.Stage}</td><td>{a.Nodes:N0}</td><td>"))
                        .Append(Html.Text(p.Title)).Append("</td><td>").Append(Html.Text(Quantity(p.Measured, p.Unit))).Append("</td><td>").Append(Html.Text(Quantity(p.Projected, p.Unit)))
                        .Append("</td><td>").Append(Html.Text(Quantity(p.Budget, p.Unit))).Append("</td><td>");
                    AppendRatio(h, ratio);
                    h.Append("</td><td class=\"verdict-").Append(p.Outcome.ToString().ToLowerInvariant()).Append("\">").Append(Html.Text(p.Outcome.ToString().ToLowerInvariant())).Append("</td></tr>");
                }
            }

            h.Append("</tbody></table>");
        }
        else
        {
            h.Append("<p class=\"missing\">No analysis had a projection.</p>");
        }

        h.Append("<h3 id=\"").Append(id).Append("-verdicts\">Verdicts: ").Append(Html.Text(run.Label)).Append("</h3>");
        foreach (var a in run.Analyses)
        {
            h.Append("<table class=\"verdicts\" data-stage=\"").Append(a.Stage.ToString(CultureInfo.InvariantCulture)).Append("\"><caption>")
                .Append(Html.Text(Inv($"Analysis of stage {a.Stage} ({a.Nodes:N0} of {run.Nodes:N0} nodes) at {SvgChart.Clock(a.Seconds)}: ")))
                .Append("<span class=\"verdict-").Append(Html.Text(a.Outcome)).Append("\">").Append(Html.Text(a.Outcome.ToUpperInvariant())).Append("</span> — ").Append(Html.Text(a.Reason))
                .Append("</caption><thead><tr><th scope=\"col\">Signal</th><th scope=\"col\">Outcome</th><th scope=\"col\">Why</th></tr></thead><tbody>");
            foreach (var line in a.Lines)
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                var dash = line.IndexOf(" — ", StringComparison.Ordinal);
                var (signal, outcome, why) = colon < 0 ? (line, string.Empty, string.Empty)
                    : dash < colon ? (line[..colon], line[(colon + 2)..], string.Empty)
                    : (line[..colon], line[(colon + 2)..dash], line[(dash + 3)..]);
                h.Append("<tr><th scope=\"row\">").Append(Html.Text(signal)).Append("</th><td class=\"verdict-").Append(Html.Text(outcome)).Append("\">")
                    .Append(Html.Text(outcome)).Append("</td><td>").Append(Html.Text(why)).Append("</td></tr>");
            }

            h.Append("</tbody></table>");
        }

        h.Append("</div>\n");
    }

    /// <summary>A bar on a log scale from 1/100 to 100 times the budget (the budget in the middle), with the ratio as text.</summary>
    private static void AppendRatio(StringBuilder h, double? ratio)
    {
        if (ratio is not { } r || !double.IsFinite(r))
        {
            h.Append('-');
            return;
        }

        var position = Math.Clamp((Math.Log10(Math.Max(r, 1e-9)) + 2) / 4, 0, 1);
        var over = r > 1;
        h.Append(Inv($"<svg class=\"ratio\" viewBox=\"0 0 120 12\" aria-hidden=\"true\"><rect class=\"ratio-bg\" x=\"0\" y=\"2\" width=\"120\" height=\"8\"/><rect class=\"{(over ? "ratio-over" : "ratio-within")}\" x=\"0\" y=\"2\" width=\"{position * 120:0.#}\" height=\"8\"/><line class=\"ratio-budget\" x1=\"60\" x2=\"60\" y1=\"0\" y2=\"12\"/></svg> "));
        h.Append(Html.Text(r >= 100 ? Inv($"{r:N0}×") : Inv($"{r:0.###}×")));
    }

    private static string Quantity(double? value, string unit) => value is not { } v ? "-" : HealthFormat.Value(v, unit);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // Hatchings: the states of CoreDNS and a projection over its budget differ by pattern, not only by colour.
    private const string Patterns =
        "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\" focusable=\"false\"><defs>"
        + "<pattern id=\"gate-hatch-cached\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f7dca6\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#E69F00\" stroke-width=\"2\"/></pattern>"
        + "<pattern id=\"gate-hatch-failing\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#f2b89a\"/><path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#D55E00\" stroke-width=\"1.2\"/></pattern>"
        + "</defs></svg>\n";

    private const string Css = """
        :root { --without: #D55E00; --with: #0072B2; --fixed: #009E73; --rollback: #CC79A7; --warn: #E69F00; --ink: #1a1a1a; --muted: #555; --line: #c8c8c8; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1280px; margin: 0 auto; padding: 1rem 1.25rem 2rem; }
        h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.3rem; margin: 1.6rem 0 .4rem; border-bottom: 2px solid var(--ink); } h3 { font-size: 1.02rem; margin: .9rem 0 .3rem; }
        .lead { max-width: 70em; }
        .legend ul { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; list-style: none; padding: 0; margin: .3rem 0; }
        .legend svg { width: 40px; height: 10px; vertical-align: middle; }
        .runs { display: grid; gap: .8rem 1.2rem; grid-template-columns: repeat(var(--cols), minmax(0, 1fr)); }
        .cols-1 { --cols: 1; } .cols-2 { --cols: 2; } .cols-3 { --cols: 3; }
        .cell { margin: 0; min-width: 0; }
        .summary { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; }
        .summary dl { display: grid; grid-template-columns: 1fr; gap: .1rem; margin: .3rem 0; }
        .summary dl div { display: flex; justify-content: space-between; gap: 1rem; border-bottom: 1px dotted var(--line); }
        .summary dt { color: var(--muted); } .summary dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
        .outcome { font-weight: 700; margin: .2rem 0; } .outcome.bad { color: #a03c00; } .outcome.good { color: #005a8c; }
        .chart-row { break-inside: avoid; page-break-inside: avoid; }
        figcaption { font-size: .85rem; color: var(--muted); }
        svg.chart { width: 100%; height: auto; display: block; }
        .plot { fill: #fff; stroke: var(--line); } .grid { stroke: #e6e6e6; }
        .tick, .axis, .limit-label, .marker text, .state-label { font-size: 10px; fill: var(--ink); }
        .series { fill: none; stroke-width: 2; stroke-linejoin: round; }
        .run-without { stroke: var(--without); fill: var(--without); } .run-with { stroke: var(--with); fill: var(--with); stroke-dasharray: 9 3; }
        .run-fixed, .run-rollout { stroke: var(--fixed); fill: var(--fixed); stroke-dasharray: 4 2; }
        path.series { fill: none; } line.series { stroke-width: 3; }
        .limit { stroke: var(--ink); stroke-width: 1.2; stroke-dasharray: 6 3; }
        .marker line { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 2 3; }
        .marker-rollback line { stroke: var(--rollback); stroke-width: 3; stroke-dasharray: 8 3 2 3; } .marker-rollback text { font-weight: 700; }
        .marker-event line { stroke: var(--ink); stroke-dasharray: 6 2 1 2; }
        .state { stroke: var(--ink); stroke-width: .5; } .state-ok { fill: #cfeee4; } .state-cached { fill: url(#gate-hatch-cached); } .state-failing { fill: url(#gate-hatch-failing); stroke-width: 1.5; }
        .missing { color: var(--muted); font-style: italic; border: 1px dashed var(--line); padding: 2.5rem .5rem; text-align: center; }
        details.data { font-size: .8rem; } details.data table { margin: .3rem 0; }
        table { border-collapse: collapse; font-size: .85rem; margin: .4rem 0 1rem; width: 100%; }
        th, td { border-bottom: 1px solid var(--line); padding: .15rem .4rem; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); } caption { text-align: left; font-weight: 600; padding: .3rem 0; }
        td { font-variant-numeric: tabular-nums; }
        .verdict-fail, .verdict-unhealthy { color: #a03c00; font-weight: 700; } .verdict-fail::before, .verdict-unhealthy::before { content: "✗ "; }
        .verdict-pass, .verdict-healthy { color: #005a8c; } .verdict-pass::before, .verdict-healthy::before { content: "✓ "; }
        .verdict-inconclusive::before { content: "? "; }
        svg.ratio { width: 120px; height: 12px; vertical-align: middle; }
        .ratio-bg { fill: #eee; } .ratio-within { fill: var(--with); } .ratio-over { fill: url(#gate-hatch-failing); } .ratio-budget { stroke: var(--ink); stroke-width: 1.5; }
        footer { color: var(--muted); font-size: .8rem; max-width: 1280px; margin: 0 auto; padding: 0 1.25rem 1rem; }
        @media (max-width: 800px) { .runs { grid-template-columns: 1fr; } }
        @media print {
          body { font-size: 10pt; } main { max-width: none; padding: 0; }
          .runs { grid-template-columns: repeat(var(--cols), minmax(0, 1fr)) !important; }
          section.run-section { break-before: page; } .analyses table { break-inside: auto; } tr { break-inside: avoid; }
          details.data { display: none; } a { color: inherit; }
        }

        """;
}
