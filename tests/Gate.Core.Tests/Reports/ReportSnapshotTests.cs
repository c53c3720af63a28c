using Gate.Core.Reports;
using Gate.Testing;

namespace Gate.Core.Tests.Reports;

public class ReportSnapshotTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in ReportFormats.Text)
        {
            foreach (var (name, _) in ReportSamples.All())
            {
                data.Add(format, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_Sample_MatchesSnapshot(string format, string sample)
    {
        var report = ReportSamples.All().Single(s => s.Name == sample).Report;

        var text = ReportFormats.Render(format, report);

        Snapshot.Match(text, $"{sample}.{format}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_SameReportTwice_IdenticalText(string format, string sample)
    {
        var first = ReportFormats.Render(format, ReportSamples.All().Single(s => s.Name == sample).Report);
        var second = ReportFormats.Render(format, ReportSamples.All().Single(s => s.Name == sample).Report);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Render_UnknownFormat_ThrowsUsageError()
    {
        Assert.Throws<GateUsageException>(() => ReportFormats.Render("xml", ReportSamples.Estimate()));
    }
}
