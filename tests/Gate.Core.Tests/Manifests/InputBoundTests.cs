using System.Text;
using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Manifests;

/// <summary>
/// Inputs under the size limit that are dense with tiny values, or hold very many documents or workloads, fail with
/// one positioned line as soon as a limit is crossed, instead of building the whole tree first (issue 4: any single
/// input parses in bounded time and memory). Time is measured by bench/ingest.sh, not here.
/// </summary>
public sealed class InputBoundTests
{
    private static readonly InputLimits Small = new() { MaxNodes = 50_000, MaxWorkloads = 10, MaxDocumentChars = int.MaxValue };

    private static string Repeat(string head, string item, int count)
    {
        var text = new StringBuilder(head, head.Length + (item.Length * count));
        for (var i = 0; i < count; i++)
        {
            text.Append(item.Replace("{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return text.ToString();
    }

    /// <summary>Single-document inputs: parsed on the test's thread, so its allocations are the parse's.</summary>
    public static TheoryData<string, string, string> DenseInputs() => new()
    {
        // a million-entry sequence in one document (cannot be cut into runs)
        { "sequence.yaml", Repeat("items:\n", "- x\n", 2_000_000), "more than 50,000 YAML nodes" },
        // a mapping with a million keys
        { "keys.yaml", Repeat(string.Empty, "k{i}: v\n", 1_000_000), "more than 50,000 YAML nodes" },
        // a JSON array of a million small objects
        { "objects.json", "[" + Repeat("{\"a\":0}", ",{\"a\":{i}}", 1_000_000) + "]", "more than 50,000 JSON values" },
    };

    [Theory]
    [MemberData(nameof(DenseInputs))]
    public void Discover_DenseInput_StopsAtTheNodeLimit(string file, string text, string message)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover([ManifestSource.FromText(file, text)], new DiscoveryOptions { Limits = Small }));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(new SourcePosition(file, 1, 1), ex.Position);
        Assert.False(string.IsNullOrWhiteSpace(ex.Hint));
        // The encoded input and its decoded text take ~3 bytes per character; a parse of the whole tree would
        // allocate many times more than what 50,000 nodes need.
        var allowed = (3L * text.Length) + (64L * 1024 * 1024);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < allowed, "parsing went on past the node limit");
    }

    /// <summary>Each document <c>a: [1, 2, 3]</c> is six nodes: the mapping, the key, the sequence and its three items.</summary>
    [Fact]
    public void ReadDocuments_NodesAtTheLimit_Read()
    {
        var text = Repeat(string.Empty, "---\na: [1, 2, 3]\n", 9_000);
        Assert.True(text.Length > YamlTreeReader.ParallelThreshold / 8);

        var docs = YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("ok.yaml"), Small with { MaxNodes = 9_000 * 6 });

        Assert.Equal(9_000, docs.Count);
    }

    [Fact]
    public void ReadDocuments_NodesOneOverTheLimit_Rejected()
    {
        var text = Repeat(string.Empty, "---\na: [1, 2, 3]\n", 9_000);

        var ex = Assert.Throws<GateUsageException>(() => YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("ok.yaml"), Small with { MaxNodes = (9_000 * 6) - 1 }));

        Assert.StartsWith("more than 53,999 YAML nodes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDocuments_ParallelRunsOverTheLimit_Rejected()
    {
        var text = Repeat(string.Empty, "---\na: [1, 2, 3]\n", 80_000);
        Assert.True(text.Length > YamlTreeReader.ParallelThreshold);

        var ex = Assert.Throws<GateUsageException>(() => YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("big.yaml"), new InputLimits { MaxNodes = 399_999 }));

        Assert.StartsWith("more than 399,999 YAML nodes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDocuments_MoreDocumentStartsThanTheLimit_RejectedBeforeParsing()
    {
        // a syntax error in the first document: only a parse would find it, so the count must come first
        var text = "a: [\n" + Repeat(string.Empty, "---\n", 400_000);
        Assert.True(text.Length > YamlTreeReader.ParallelThreshold);

        var ex = Assert.Throws<GateUsageException>(() => YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("docs.yaml"), new InputLimits { MaxDocuments = 300_000 }));

        Assert.Equal("more than 300000 YAML documents", ex.Message);
    }

    [Theory]
    [InlineData("---\na: 1\n---\nb: 2\n", 2)]
    [InlineData("a: 1\n---\nb: 2\n--- c\n", 2)]
    [InlineData("a: |\n  ---\n----\n---x\n", 0)]
    [InlineData("---", 1)]
    public void Survey_MarkerLines_CountsDocumentStarts(string text, int expected)
    {
        Assert.Equal(expected, YamlDocumentSplitter.Survey(text, int.MaxValue).DocumentStarts);
    }

    [Theory]
    [InlineData("a: 1\n---\nkind: ConfigMap\ndata:\n  x: |\n    0123456789\n---\nb: 2\n", 10, 2)]
    [InlineData("---\nkind: ConfigMap\ndata:\n  x: |\n    0123456789\n", 10, 1)]
    [InlineData("---\ndata:\n  x: |\n    0123456789\n", 10, 1)]
    public void Survey_LongDocument_FoundAtItsLine(string text, int max, int line)
    {
        Assert.Equal(line, YamlDocumentSplitter.Survey(text, max).Oversize?.Line);
    }

    [Theory]
    [InlineData("---\napiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  data: {x: '0123456789'}\n")]
    [InlineData("---\nkind: \"PodList\" # from kubectl\nitems: []\n# 0123456789 0123456789\n")]
    [InlineData("---\na: 1\n---\nb: 2\n")]
    public void Survey_ListOrShortDocuments_NothingOversize(string text)
    {
        Assert.Null(YamlDocumentSplitter.Survey(text, 20).Oversize);
    }

    [Fact]
    public void ReadDocuments_DocumentLargerThanAnObjectCanBe_RejectedBeforeParsing()
    {
        // one ConfigMap with a 1.5 MB value, after 9 small documents; the limit lowered to 1 MB
        var value = Repeat("  dashboards.json: |\n", "    {\"panel\": {i}}\n", 80_000);
        var text = Repeat(string.Empty, "---\na: {i}\n", 9) + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n" + value + "  broken: [\n";

        var ex = Assert.Throws<GateUsageException>(() => YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("big.yaml"), new InputLimits { MaxDocumentChars = 1024 * 1024 }));

        Assert.StartsWith("a document of 1.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 1 MB a document may hold", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new SourcePosition("big.yaml", 19, 1), ex.Position);
    }

    [Fact]
    public void ReadDocuments_ListLargerThanAnObject_Read()
    {
        var text = "apiVersion: v1\nkind: List\nitems:\n" + Repeat(string.Empty, "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c{i}}\n", 30_000);
        Assert.True(text.Length > YamlTreeReader.ParallelThreshold);

        var docs = YamlTreeReader.ReadDocuments(text, PositionMap.ForFile("list.yaml"), new InputLimits { MaxDocumentChars = 1024 * 1024 });

        Assert.Equal(30_000, ((ManifestMapping)Assert.Single(docs)!).GetItems("items").Count());
    }

    [Fact]
    public void Discover_MoreWorkloadsThanTheLimit_RejectedAtTheFirstOneOver()
    {
        var text = Repeat(string.Empty, "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: a{i}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n", 11);

        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover([ManifestSource.FromText("many.yaml", text)], new DiscoveryOptions { Limits = Small }));

        Assert.Equal("more than 10 DaemonSets and Deployments in the inputs (11)", ex.Message);
        Assert.Equal(new SourcePosition("many.yaml", (10 * 11) + 2, 1), ex.Position);
    }

    [Fact]
    public void Discover_WorkloadsAtTheLimit_Estimated()
    {
        var text = Repeat(string.Empty, "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: a{i}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n", 10);

        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("many.yaml", text)], new DiscoveryOptions { Limits = Small });

        Assert.Equal(10, result.Workloads.Count);
    }
}
