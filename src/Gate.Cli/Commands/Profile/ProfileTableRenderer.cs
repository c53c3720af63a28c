using System.Globalization;
using Gate.Core;
using Gate.Core.Profiling;
using Spectre.Console;

namespace Gate.Cli.Commands.Profile;

/// <summary><c>gate profile --format table</c>: the learned patterns (and the drift) for people.</summary>
internal static class ProfileTableRenderer
{
    /// <summary>Writes to <paramref name="console"/>, or returns the plain text when it is null (for <c>--output</c>).</summary>
    public static string Render(LearnedProfile profile, ProfileDrift? drift, IAnsiConsole? console, int width)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var target = console ?? CliContext.ForWriters(writer, TextWriter.Null, width: width).Console;
        Write(target, profile, drift);
        return writer.ToString();
    }

    private static void Write(IAnsiConsole console, LearnedProfile profile, ProfileDrift? drift)
    {
        var s = profile.Sample;
        var workload = $"{profile.Kind ?? "workload"} {(profile.Namespace is null ? string.Empty : profile.Namespace + "/")}{profile.Name}";
        Line(console, $"gate profile: {profile.User} as {workload}");
        Line(console, string.Create(
            CultureInfo.InvariantCulture,
            $"sample {s.From:yyyy-MM-dd HH:mm:ss} to {s.To:yyyy-MM-dd HH:mm:ss} UTC: {s.Requests:N0} requests, {s.Pods} pods on {s.Nodes} nodes (told apart by {(s.Identity == ClientIdentity.BoundToken ? "bound-token names" : "source IP")})"));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "verb", "resource", "scope", "selectors", "list options", "period", "copies", "requests", "confidence" })
        {
            table.AddColumn(column);
        }

        foreach (var l in profile.Patterns)
        {
            var p = l.Pattern;
            var selectors = string.Join(" ", new[] { p.FieldSelector, p.LabelSelector }.OfType<string>());
            table.AddRow(
                Cell(p.Verb.ToString().ToLowerInvariant()),
                Cell(p.GroupResource + (l.Namespace is null ? string.Empty : $" in {l.Namespace}")),
                Cell(p.Scope.ToString().ToLowerInvariant()),
                Cell(selectors.Length == 0 ? "-" : selectors),
                Cell(ListOptions(p)),
                Cell(p.PeriodSeconds is { } period ? string.Create(CultureInfo.InvariantCulture, $"{period:0.#} s") : p.Verb == Core.Agents.ApiVerb.Watch ? "long-lived" : "at start"),
                Cell(p.LeaderElected ? "leader" : "every pod"),
                Cell(string.Create(CultureInfo.InvariantCulture, $"{l.Requests:N0} from {Counted.Of(l.Pods, "pod", "pods")}")
                    + (l.Relists > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Counted.Of(l.Relists, "relist", "relists")}") : string.Empty)),
                Cell(l.Confidence.ToString().ToLowerInvariant()));
        }

        console.Write(table);
        foreach (var note in profile.Notes)
        {
            Line(console, "note: " + note);
        }

        if (drift is null)
        {
            return;
        }

        Line(console, $"drift against {drift.Against} ({drift.Source}):");
        var findings = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "drift", "pattern", "detail" })
        {
            findings.AddColumn(column);
        }

        foreach (var f in drift.Findings)
        {
            findings.AddRow(Cell(PatternFileWriter.DriftName(f.Kind)), Cell(f.Summary), Cell(f.Detail));
        }

        console.Write(findings);
    }

    /// <summary>resourceVersion and page size of a list; "-" for other verbs (a watch starts from its list's version).</summary>
    private static string ListOptions(Core.Agents.AccessPattern p) =>
        p.Verb != Core.Agents.ApiVerb.List
            ? "-"
            : $"rv={p.ResourceVersion ?? "unset"}" + (p.Limit is { } limit ? string.Create(CultureInfo.InvariantCulture, $" limit={limit}") : string.Empty);

    private static void Line(IAnsiConsole console, string text) => console.MarkupLine(Markup.Escape(text));

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
