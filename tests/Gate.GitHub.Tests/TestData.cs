using System.Globalization;
using Gate.GitHub.Reports;

namespace Gate.GitHub.Tests;

/// <summary>Fixture reports (Fixtures/*.json, hand-written to the gate.check/v1 contract) and generated ones.</summary>
internal static class TestData
{
    public const string Sha = "0123456789abcdef0123456789abcdef01234567";

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The two fixture runs, 500 and 5,000 nodes: passes at 500, fails at 5,000.</summary>
    public static ReportSet TwoSizes() =>
        new([CheckReportReader.Load(Fixture("nodes-500.json"), "nodes-500.json"), CheckReportReader.Load(Fixture("nodes-5000.json"), "nodes-5000.json")]);

    public static ReportSet OneSize(string label = "nodes-5000") => new([CheckReportReader.Load(Fixture(label + ".json"), label + ".json")]);

    /// <summary>A failing report with <paramref name="count"/> located error findings on distinct lines.</summary>
    public static CheckReport Generated(int count, bool passed = false) => new()
    {
        Schema = CheckReport.SchemaV1,
        Passed = passed,
        Findings = Enumerable.Range(1, count).Select(i => new CheckFinding
        {
            RuleId = "GATE1" + (i % 10).ToString("00", CultureInfo.InvariantCulture),
            Severity = i % 3 == 0 ? "warning" : "error",
            Message = $"finding {i}",
            Workload = "DaemonSet/kube-system/agent",
            Origin = new FindingOrigin { File = "deploy/agent.yaml", Line = i, Column = 1 },
        }).ToList(),
    };

    /// <summary>Reads a $GITHUB_OUTPUT file written in the <c>name&lt;&lt;DELIMITER</c> form, checking each delimiter.</summary>
    public static Dictionary<string, string> ReadOutputs(string path)
    {
        var lines = File.ReadAllLines(path);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i += 3)
        {
            var parts = lines[i].Split("<<");
            Assert.Equal(2, parts.Length);
            Assert.Equal(parts[1], lines[i + 2]);
            result[parts[0]] = lines[i + 1];
        }

        return result;
    }

    public static GitHubRunContext Context(string? summaryPath = null, string? outputPath = null) => new()
    {
        Owner = "gate-dev",
        Repository = "gate",
        PullRequest = 7,
        HeadSha = Sha,
        StepSummaryPath = summaryPath,
        OutputPath = outputPath,
        RunUrl = "https://github.com/gate-dev/gate/actions/runs/42",
    };
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gate-gh-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a file still open by a finished child process
        }
    }
}
