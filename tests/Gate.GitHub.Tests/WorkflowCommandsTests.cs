using FsCheck.Xunit;
using Gate.GitHub.Rendering;
using Gate.Testing;

namespace Gate.GitHub.Tests;

public class WorkflowCommandsTests
{
    [Fact]
    public void Annotation_FileLineColumnTitle_FormatsAndEscapesPerGitHubRules()
    {
        var line = WorkflowCommands.Annotation("error", "100% of seats\r\nover budget", "deploy/a,b:c.yaml", 12, 3, "GATE101 DaemonSet/ns/x");

        Assert.Equal("::error file=deploy/a%2Cb%3Ac.yaml,line=12,col=3,title=GATE101 DaemonSet/ns/x::100%25 of seats%0D%0Aover budget", line);
    }

    [Fact]
    public void Annotation_NoFile_OmitsLocation() =>
        Assert.Equal("::notice title=Gate::hello", WorkflowCommands.Annotation("notice", "hello", title: "Gate"));

    [Property]
    public bool EscapeData_AnyText_IsOneLineAndReversible(string? value)
    {
        value ??= string.Empty;
        var escaped = WorkflowCommands.EscapeData(value);
        var restored = escaped.Replace("%0A", "\n", StringComparison.Ordinal).Replace("%0D", "\r", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);
        return !escaped.Contains('\n', StringComparison.Ordinal) && !escaped.Contains('\r', StringComparison.Ordinal) && restored == value;
    }

    [Property]
    public bool EscapeProperty_AnyText_HasNoSeparators(string? value)
    {
        var escaped = WorkflowCommands.EscapeProperty(value ?? string.Empty);
        return !escaped.Contains(',', StringComparison.Ordinal) && !escaped.Contains(':', StringComparison.Ordinal) && !escaped.Contains('\n', StringComparison.Ordinal);
    }

    [Fact]
    public void ForWorkflowCommands_TwoSizes_MatchesSnapshot()
    {
        var lines = AnnotationBuilder.ForWorkflowCommands(TestData.TwoSizes(), f => f);

        Snapshot.Match(string.Join('\n', lines), "annotations-two-sizes");
    }

    [Fact]
    public void ForWorkflowCommands_MoreThanTenPerLevel_AddsOneSummaryLine()
    {
        var set = new Reports.ReportSet([new Reports.LabelledReport("n", TestData.Generated(30), null, null)]);

        var lines = AnnotationBuilder.ForWorkflowCommands(set, f => f);

        Assert.Equal(10, lines.Count(l => l.StartsWith("::error ", StringComparison.Ordinal)));
        Assert.Equal(10, lines.Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)));
        Assert.Equal("::notice title=More Gate findings::Gate: 10 more errors not annotated here (GitHub shows 10 per level); see the job summary and the check run.", lines[^1]);
    }

    [Fact]
    public void ForCheckRun_Fixtures_AnnotatesLocatedFindingsOnly()
    {
        var annotations = AnnotationBuilder.ForCheckRun(TestData.TwoSizes(), f => f);

        Assert.Equal(["GATE101", "GATE103", "GATE104", "GATE104", "GATE106"], annotations.Select(a => a.Title.Split(' ')[0]));
        Assert.Contains(annotations, a => a.Level == Publishing.AnnotationLevel.Notice && a.Message.EndsWith("(suppressed)", StringComparison.Ordinal));
    }

    [Fact]
    public void ForCheckRun_SameFindingAtTwoSizes_IsOneAnnotationNamingBoth()
    {
        var report = TestData.Generated(3);
        var set = new Reports.ReportSet([new Reports.LabelledReport("nodes-500", report, null, null), new Reports.LabelledReport("nodes-5000", report, null, null)]);

        var annotations = AnnotationBuilder.ForCheckRun(set, f => f);

        Assert.Equal(3, annotations.Count);
        Assert.All(annotations, a => Assert.StartsWith("[nodes-500, nodes-5000] finding ", a.Message, StringComparison.Ordinal));
    }
}
