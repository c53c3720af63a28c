using System.Globalization;
using Gate.Core.Rollout;
using Spectre.Console;

namespace Gate.Cli.Commands.Rollout;

/// <summary>
/// Shows rollout progress: a Spectre.Console live table on a terminal (stage, nodes updated/ready, bake timer,
/// verdict, activity), one plain line per change otherwise (CI logs, tests).
/// </summary>
internal sealed class RolloutView
{
    private readonly CliContext context;
    private string? lastLine;
    private RolloutProgress? last;
    private Spectre.Console.Rendering.IRenderable? live;
    private Action? refresh;

    public RolloutView(CliContext context) => this.context = context;

    /// <summary>Runs <paramref name="run"/> with the view attached (live on a TTY).</summary>
    public async Task<RolloutOutcome> RunAsync(Func<Action<RolloutProgress>, Task<RolloutOutcome>> run)
    {
        if (!context.IsInteractive)
        {
            return await run(WriteLine).ConfigureAwait(false);
        }

        live = Table(null);
        return await context.Console.Live(live).AutoClear(false).StartAsync(async ctx =>
        {
            refresh = () =>
            {
                ctx.UpdateTarget(Table(last));
                ctx.Refresh();
            };
            return await run(p =>
            {
                last = p;
                refresh();
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>One line describing a progress snapshot.</summary>
    public static string Line(RolloutProgress p)
    {
        var stage = p.StageCount == 0 ? "preparing" : $"stage {p.Stage + 1}/{p.StageCount}";
        var nodes = p.StageCount == 0 ? string.Empty : $" {p.Updated}/{p.StageTarget} nodes updated, {p.Ready} ready (of {p.Total})";
        var bake = p.BakeRemaining is { } b ? $" bake {Clock(b)} left" : string.Empty;
        return $"{stage} {p.Phase.ToString().ToLowerInvariant()}:{nodes}{bake} - {p.Activity}";
    }

    private static string Clock(TimeSpan t) => t.ToString(t.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    private static Table Table(RolloutProgress? p)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("gate rollout").AddColumn(string.Empty);
        if (p is null)
        {
            table.AddRow("state", "connecting");
            return table;
        }

        table.AddRow("stage", p.StageCount == 0 ? "preparing" : $"{p.Stage + 1} of {p.StageCount} ({p.Phase})");
        if (p.StageCount > 0)
        {
            table.AddRow("nodes", Markup.Escape($"{p.Updated}/{p.StageTarget} updated, {p.Ready} ready, {p.Total} in the fleet"));
            var ratio = p.Total == 0 ? 0 : (double)p.Ready / p.Total;
            table.AddRow(new Markup("fleet"), new BreakdownChart().Width(40).HideTags().AddItem("ready", ratio * 100, Color.Green).AddItem("old", (1 - ratio) * 100, Color.Grey));
        }

        if (p.BakeRemaining is { } bake)
        {
            table.AddRow("bake", Clock(bake) + " left");
        }

        if (p.Verdict is { } verdict)
        {
            table.AddRow("verdict", Markup.Escape(verdict));
        }

        table.AddRow("now", Markup.Escape(p.Activity));
        return table;
    }

    private void WriteLine(RolloutProgress p)
    {
        var line = Line(p);
        var key = $"{p.Phase}|{p.Stage}|{p.Activity}";
        if (key == lastLine)
        {
            return;
        }

        lastLine = key;
        context.Out.WriteLine(line);
    }
}
