using Gate.Core.Agents;
using Gate.Core.Manifests;
using Gate.Testing;

namespace Gate.Core.Tests.Manifests;

/// <summary>The bad-input corpus (BadInput/, expected.tsv): each file fails with one positioned line (exit 2).</summary>
public sealed class BadInputTests
{
    private static readonly string Folder = RepoPaths.InRepo("tests", "Gate.Core.Tests", "BadInput");

    public static TheoryData<string, int, int, string> Cases()
    {
        var data = new TheoryData<string, int, int, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Folder, "expected.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split('\t');
            var at = parts[1].Split(':');
            data.Add(parts[0], int.Parse(at[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(at[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
        }

        return data;
    }

    [Fact]
    public void Corpus_EveryFileIsListed()
    {
        var listed = Cases().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var files = Directory.GetFiles(Folder).Select(Path.GetFileName).Where(f => f != "expected.tsv");

        Assert.All(files, f => Assert.Contains(f!, listed));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Discover_BadInput_PositionedUsageError(string file, int line, int column, string message)
    {
        var source = new ManifestSource(file, File.ReadAllBytes(Path.Combine(Folder, file)));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover([source]));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 500L * 1024 * 1024, "allocated more than 500 MB");
        Assert.Equal(new SourcePosition(file, line, column), ex.Position);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(ex.Hint), "every bad-input error carries a hint");
        var userLine = ex.ToUserLine();
        Assert.StartsWith($"{file}:{line}:{column}: ", userLine, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', userLine);
    }

    [Fact]
    public void Load_OverSizeLimit_RejectedBeforeParsing()
    {
        var big = new byte[(50 * 1024 * 1024) + 1];
        big.AsSpan().Fill((byte)'#');

        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover([new ManifestSource("big.yaml", big)]));

        Assert.Equal(SourcePosition.FileOnly("big.yaml"), ex.Position);
        Assert.Contains("50 MB", ex.Message, StringComparison.Ordinal);
    }
}
