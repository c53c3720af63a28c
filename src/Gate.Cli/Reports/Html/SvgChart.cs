using System.Globalization;
using System.Text;

namespace Gate.Cli.Reports.Html;

/// <summary>
/// Draws one chart as inline SVG: axes in minutes, the values as a line (or bands of states), the limit as a dashed
/// line, and the run's markers (stages dotted, rollback dashed and thick, events dash-dotted) with their labels. The
/// SVG is an image with a title and a description (the text alternative); <see cref="AppendTable"/> adds the data.
/// </summary>
internal static class SvgChart
{
    private const double Width = 480;
    private const double Height = 190;
    private const double Left = 58;
    private const double Right = 12;
    private const double Top = 22;
    private const double Bottom = 30;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;
    private static readonly string[] StateNames = ["ok", "cached", "failing"];

    /// <summary>Appends the SVG of <paramref name="chart"/> over <c>0..<paramref name="span"/></c> seconds.</summary>
    public static void Append(StringBuilder h, string id, string title, ChartData chart, IReadOnlyList<ChartMarker> markers, double span, string seriesClass)
    {
        span = Math.Max(span, 60);
        var top = YTop(chart);
        double X(double seconds) => Left + (Math.Clamp(seconds, 0, span) / span * PlotWidth);
        double Y(double value) => Top + PlotHeight - (Math.Clamp(value, 0, top) / top * PlotHeight);

        h.Append(Inv($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" data-chart=\"{id}\">"));
        h.Append(Inv($"<title id=\"{id}-t\">{Html.Text(title)}</title><desc id=\"{id}-d\">{Html.Text(Describe(chart, markers))}</desc>"));
        AppendAxes(h, chart, span, top, X, Y);
        if (chart.Shape == ChartShape.States)
        {
            AppendStates(h, chart, span, X);
        }
        else
        {
            AppendLine(h, chart, seriesClass, X, Y);
        }

        if (chart.Limit is { } limit && chart.Shape == ChartShape.Line)
        {
            var y = Y(limit);
            h.Append(Inv($"<line class=\"limit\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>"));
            h.Append(Inv($"<text class=\"limit-label\" x=\"{Width - Right - 2}\" y=\"{y - 3:0.#}\" text-anchor=\"end\">{Html.Text(chart.LimitLabel ?? chart.Format(limit))}</text>"));
        }

        AppendMarkers(h, markers, X);
        h.Append("</svg>");
    }

    /// <summary>The chart's text alternative: the range of values, the peak and when, the limit, the markers.</summary>
    public static string Describe(ChartData chart, IReadOnlyList<ChartMarker> markers)
    {
        var points = chart.Points.Where(p => double.IsFinite(p.Value)).ToList();
        var text = new StringBuilder(chart.Caption);
        if (points.Count == 0)
        {
            text.Append(": no samples.");
        }
        else if (chart.Shape == ChartShape.States)
        {
            text.Append(": ").Append(string.Join(", ", StateChanges(chart.Points).Select(c => $"{StateNames[c.State]} from {Clock(c.Seconds)}"))).Append('.');
        }
        else
        {
            var peak = points.MaxBy(p => p.Value);
            text.Append(Inv($": from {chart.Format(points[0].Value)} at {Clock(points[0].Seconds)} to {chart.Format(points[^1].Value)} at {Clock(points[^1].Seconds)}; peak {chart.Format(peak.Value)} at {Clock(peak.Seconds)}"));
            if (chart.Limit is { } limit)
            {
                var over = points.FirstOrDefault(p => p.Value > limit);
                text.Append("; ").Append(chart.LimitLabel ?? "limit " + chart.Format(limit))
                    .Append(over == default ? ", never exceeded" : Inv($", first exceeded at {Clock(over.Seconds)}"));
            }

            text.Append('.');
        }

        foreach (var kind in new[] { MarkerKind.Stage, MarkerKind.Rollback, MarkerKind.Event })
        {
            var of = markers.Where(m => m.Kind == kind).ToList();
            if (of.Count > 0)
            {
                text.Append(' ').Append(kind switch { MarkerKind.Stage => "Stages", MarkerKind.Rollback => "Rollback", _ => "Events" }).Append(": ")
                    .Append(string.Join(", ", of.Select(m => $"{m.Label} at {Clock(m.Seconds)}"))).Append('.');
            }
        }

        return text.ToString();
    }

    /// <summary>Appends the chart's data as a table: at most about 30 rows (every n-th sample, the peak always kept).</summary>
    public static void AppendTable(StringBuilder h, string title, ChartData chart)
    {
        var points = chart.Points;
        var step = Math.Max(1, (int)Math.Ceiling(points.Count / 30.0));
        var peak = chart.Shape == ChartShape.Line && points.Any(p => double.IsFinite(p.Value)) ? points.Where(p => double.IsFinite(p.Value)).MaxBy(p => p.Value) : default;
        h.Append("<details class=\"data\"><summary>Data: ").Append(Html.Text(title)).Append("</summary><table><thead><tr><th scope=\"col\">Time</th><th scope=\"col\">")
            .Append(Html.Text(chart.Caption)).Append("</th></tr></thead><tbody>");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (i % step != 0 && i != points.Count - 1 && p != peak)
            {
                continue;
            }

            var value = !double.IsFinite(p.Value) ? "-" : chart.Shape == ChartShape.States ? StateNames[Math.Clamp((int)p.Value, 0, 2)] : chart.Format(p.Value);
            h.Append("<tr><td>").Append(Clock(p.Seconds)).Append("</td><td>").Append(Html.Text(value)).Append("</td></tr>");
        }

        h.Append("</tbody></table></details>");
    }

    /// <summary><c>+m:ss</c> (or <c>+h:mm:ss</c>).</summary>
    public static string Clock(double seconds)
    {
        var total = (int)Math.Round(seconds);
        var sign = total < 0 ? "-" : "+";
        total = Math.Abs(total);
        return total >= 3600
            ? Inv($"{sign}{total / 3600}:{total / 60 % 60:00}:{total % 60:00}")
            : Inv($"{sign}{total / 60}:{total % 60:00}");
    }

    private static double YTop(ChartData chart)
    {
        if (chart.Shape == ChartShape.States)
        {
            return 1;
        }

        var max = chart.Points.Where(p => double.IsFinite(p.Value)).Select(p => p.Value).DefaultIfEmpty(0).Max();
        max = Math.Max(max, (chart.Limit ?? 0) * 1.15);
        return Nice(max <= 0 ? 1 : max * 1.05);
    }

    private static void AppendAxes(StringBuilder h, ChartData chart, double span, double top, Func<double, double> x, Func<double, double> y)
    {
        h.Append(Inv($"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\"/>"));
        if (chart.Shape == ChartShape.Line)
        {
            for (var i = 0; i <= 4; i++)
            {
                var value = top * i / 4;
                var at = y(value);
                h.Append(Inv($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{at:0.#}\" y2=\"{at:0.#}\"/>"));
                h.Append(Inv($"<text class=\"tick\" x=\"{Left - 4}\" y=\"{at + 3:0.#}\" text-anchor=\"end\">{Html.Text(chart.Format(value))}</text>"));
            }
        }

        var minutes = span / 60;
        var every = new[] { 1, 2, 5, 10, 15, 30, 60, 120, 240 }.FirstOrDefault(m => minutes / m <= 8, 480);
        for (var m = 0; m <= minutes + 1e-9; m += every)
        {
            var at = x(m * 60);
            h.Append(Inv($"<text class=\"tick\" x=\"{at:0.#}\" y=\"{Height - Bottom + 13}\" text-anchor=\"middle\">{m}</text>"));
        }

        h.Append(Inv($"<text class=\"axis\" x=\"{Left + (PlotWidth / 2)}\" y=\"{Height - 3}\" text-anchor=\"middle\">minutes from the start</text>"));
    }

    private static void AppendLine(StringBuilder h, ChartData chart, string seriesClass, Func<double, double> x, Func<double, double> y)
    {
        var path = new StringBuilder();
        var pen = false;
        foreach (var p in chart.Points)
        {
            if (!double.IsFinite(p.Value))
            {
                pen = false;
                continue;
            }

            path.Append(pen ? 'L' : 'M').Append(Inv($"{x(p.Seconds):0.#} {y(p.Value):0.#}"));
            pen = true;
        }

        h.Append("<path class=\"series ").Append(seriesClass).Append("\" d=\"").Append(path).Append("\"/>");
        if (chart.Points.Count(p => double.IsFinite(p.Value)) == 1)
        {
            var only = chart.Points.First(p => double.IsFinite(p.Value));
            h.Append(Inv($"<circle class=\"dot {seriesClass}\" cx=\"{x(only.Seconds):0.#}\" cy=\"{y(only.Value):0.#}\" r=\"3\"/>"));
        }
    }

    private static void AppendStates(StringBuilder h, ChartData chart, double span, Func<double, double> x)
    {
        var changes = StateChanges(chart.Points);
        for (var i = 0; i < changes.Count; i++)
        {
            var from = x(changes[i].Seconds);
            var to = i + 1 < changes.Count ? x(changes[i + 1].Seconds) : x(Math.Min(span, chart.Points[^1].Seconds + 10));
            var name = StateNames[changes[i].State];
            h.Append(Inv($"<rect class=\"state state-{name}\" x=\"{from:0.#}\" y=\"{Top + 18}\" width=\"{Math.Max(0.5, to - from):0.#}\" height=\"{PlotHeight - 36}\"/>"));
            if (to - from > 34)
            {
                h.Append(Inv($"<text class=\"state-label\" x=\"{(from + to) / 2:0.#}\" y=\"{Top + (PlotHeight / 2) + 4:0.#}\" text-anchor=\"middle\">{name}</text>"));
            }
        }
    }

    private static void AppendMarkers(StringBuilder h, IReadOnlyList<ChartMarker> markers, Func<double, double> x)
    {
        var lastLabel = double.NegativeInfinity;
        foreach (var m in markers.OrderBy(m => m.Seconds).ThenBy(m => m.Kind))
        {
            var at = x(m.Seconds);
            var kind = m.Kind.ToString().ToLowerInvariant();
            h.Append(Inv($"<g class=\"marker marker-{kind}\" data-marker=\"{kind}\" data-label=\"{Html.Text(m.Label)}\"><line x1=\"{at:0.#}\" x2=\"{at:0.#}\" y1=\"{Top - 2}\" y2=\"{Top + PlotHeight}\"/><title>{Html.Text(m.Label)} at {Clock(m.Seconds)}</title>"));
            // Labels closer than 26 px to the previous one would overlap: the line stays, the table and text name it.
            if (at - lastLabel >= 26 || m.Kind == MarkerKind.Rollback)
            {
                h.Append(Inv($"<text x=\"{at + 2:0.#}\" y=\"{(m.Kind == MarkerKind.Rollback ? Top + 10 : Top - 6)}\">{Html.Text(m.Label)}</text>"));
                lastLabel = at;
            }

            h.Append("</g>");
        }
    }

    private static List<(double Seconds, int State)> StateChanges(IReadOnlyList<ChartPoint> points)
    {
        var changes = new List<(double Seconds, int State)>();
        foreach (var p in points.Where(p => double.IsFinite(p.Value)))
        {
            var state = Math.Clamp((int)p.Value, 0, 2);
            if (changes.Count == 0 || changes[^1].State != state)
            {
                changes.Add((p.Seconds, state));
            }
        }

        return changes;
    }

    /// <summary>The smallest of 1, 1.2, 1.6, 2, 2.5, 4, 5, 8 × 10^k that is at least <paramref name="value"/> (quarters stay round).</summary>
    private static double Nice(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 1.2, 1.6, 2, 2.5, 4, 5, 8, 10 }.Select(f => f * magnitude).First(v => v >= value * 0.999);
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
