using System.Text;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Manifests;

/// <summary>Inputs of a megabyte or more are parsed in runs of documents on every core; nothing a user sees may change.</summary>
public sealed class LargeInputTests
{
    /// <summary>A multi-document text over the parallel threshold; document i names itself d{i} on a known line.</summary>
    private static (string Text, List<int> NameLines) ManyDocuments(int count, Func<int, string>? extra = null)
    {
        var text = new StringBuilder();
        var lines = new List<int>();
        var line = 1;
        for (var i = 0; i < count; i++)
        {
            var doc = $"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d{i}\ndata:\n  config.yaml: |\n    receivers:\n      k8s_cluster: {{}}\n    padding: {new string('x', 200)}\n{extra?.Invoke(i)}";
            lines.Add(line + 4);
            text.Append(doc);
            line += doc.Count(c => c == '\n');
        }

        return (text.ToString(), lines);
    }

    [Fact]
    public void ReadDocuments_LargeInput_EveryDocumentKeepsItsFileLine()
    {
        var (text, nameLines) = ManyDocuments(6000);
        Assert.True(text.Length > YamlTreeReader.ParallelThreshold);

        var docs = YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("big.yaml"));

        Assert.Equal(6000, docs.Count);
        for (var i = 0; i < docs.Count; i++)
        {
            var metadata = ((ManifestMapping)docs[i]!).GetMapping("metadata")!;
            Assert.Equal($"d{i}", metadata.GetString("name"));
            Assert.Equal(new SourcePosition("big.yaml", nameLines[i], 3), metadata.KeyNode("name")!.Position);
        }
    }

    [Fact]
    public void ReadDocuments_LargeInput_LiteralBlockKnowsItsContentIndent()
    {
        var (text, _) = ManyDocuments(6000);

        var docs = YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("big.yaml"));

        var config = (ManifestScalar)((ManifestMapping)docs[5999]!).GetMapping("data")!["config.yaml"]!;
        Assert.Equal(4, config.BlockIndent);
    }

    [Fact]
    public void ReadDocuments_ErrorsInTwoRuns_ReportsTheFirstInTheFile()
    {
        var (text, nameLines) = ManyDocuments(6000, i => i is 1000 or 5000 ? "  dup: 1\n  dup: 2\n" : string.Empty);

        var ex = Assert.Throws<GateUsageException>(() => YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("big.yaml")));

        Assert.Equal("duplicate key 'dup'", ex.Message);
        Assert.Equal(nameLines[1000] + 7, ex.Position!.Line);
    }

    [Fact]
    public void ReadDocuments_AliasesSpreadOverRuns_CountAgainstOneBudget()
    {
        var (text, _) = ManyDocuments(6000, i => $"  a{i}: &a{i} [x, y, z]\n  b{i}: [*a{i}, *a{i}, *a{i}]\n");
        var limits = new InputLimits { MaxAliasExpansion = 50_000 };

        var ex = Assert.Throws<GateUsageException>(() => YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("big.yaml"), limits));

        Assert.Contains("aliases expand to more than 50,000 nodes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDocuments_DocumentsOverRuns_CountAgainstOneLimit()
    {
        var (text, _) = ManyDocuments(6000);

        var ex = Assert.Throws<GateUsageException>(() => YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("big.yaml"), new InputLimits { MaxDocuments = 5000 }));

        Assert.Equal("more than 5000 YAML documents", ex.Message);
    }

    [Theory]
    [InlineData("a: 1\n---\nb: 2\n---\nc: 3\n", new[] { 0, 5, 14 })]
    [InlineData("a: 1\n--- \nb: 2\n---\tc\n", new[] { 0, 5, 15 })]
    [InlineData("a: |\n  ----\n  --x\n---\nb\n", new[] { 0, 18 })]
    [InlineData("a: 1\n----\nb: 2\n", new[] { 0 })]
    public void Split_MarkerLines_CutsOnlyBeforeDocumentStarts(string text, int[] starts)
    {
        var chunks = YamlDocumentSplitter.Split(text, minChunkChars: 1);

        Assert.Equal(starts, chunks.Select(c => c.Start));
        Assert.Equal(text.Length, chunks.Sum(c => c.Length));
    }

    [Fact]
    public void Split_Directives_KeepsOneRun()
    {
        var chunks = YamlDocumentSplitter.Split("%YAML 1.2\n---\na: 1\n---\nb: 2\n", minChunkChars: 1);

        Assert.Equal(new YamlDocumentSplitter.Chunk(0, 28, 1), Assert.Single(chunks));
    }

    [Fact]
    public void Split_Runs_StartLinesMatchTheText()
    {
        var (text, _) = ManyDocuments(50);

        foreach (var chunk in YamlDocumentSplitter.Split(text, minChunkChars: 1000))
        {
            Assert.StartsWith("---\n", text.AsSpan(chunk.Start).ToString(), StringComparison.Ordinal);
            Assert.Equal(chunk.FirstLine, text.AsSpan(0, chunk.Start).Count('\n') + 1);
        }
    }
}
