using FsCheck;
using FsCheck.Xunit;
using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Manifests;

public sealed class ReaderTests
{
    [Fact]
    public void ReadDocuments_MultiDocumentYaml_KeysKeepLineAndColumn()
    {
        var docs = YamlTreeReader.ReadDocuments("a: 1\n---\n# comment\nouter:\n  inner: [x, y]\n---\n", PositionMap.ForFile("f.yaml"));

        Assert.Equal(2, docs.Count(d => d is not null));
        var second = Assert.IsType<ManifestMapping>(docs[1]);
        var outer = second.GetMapping("outer")!;
        Assert.Equal(new SourcePosition("f.yaml", 5, 3), outer.KeyNode("inner")!.Position);
        Assert.Equal(new SourcePosition("f.yaml", 5, 14), ((ManifestSequence)outer["inner"]!).Items[1].Position);
    }

    [Fact]
    public void ReadDocuments_MergeKey_ExplicitKeysWin()
    {
        var doc = (ManifestMapping)YamlTreeReader.ReadSingle("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n", PositionMap.ForFile("f"))!;

        var derived = doc.GetMapping("derived")!;
        Assert.Equal("1", derived.GetString("x"));
        Assert.Equal("3", derived.GetString("y"));
    }

    [Fact]
    public void ReadDocuments_QuotedTrueAndNull_Distinguished()
    {
        var doc = (ManifestMapping)YamlTreeReader.ReadSingle("a: \"true\"\nb: ~\nc: on\n", PositionMap.ForFile("f"))!;

        Assert.True(((ManifestScalar)doc["a"]!).Quoted);
        Assert.Null(doc.GetString("b"));
        Assert.True(doc.GetBoolean("c"));
    }

    [Fact]
    public void ReadDocuments_ConcatenatedJson_EveryValue()
    {
        var docs = JsonTreeReader.ReadDocuments("{\"a\": 1}\n{\"b\": [true, null]}\n", PositionMap.ForFile("f.json"));

        Assert.Equal(2, docs.Count);
        var b = (ManifestSequence)((ManifestMapping)docs[1]!)["b"]!;
        Assert.Equal("true", b.Items[0].ScalarValue);
        Assert.Null(b.Items[1].ScalarValue);
        Assert.Equal(new SourcePosition("f.json", 2, 8), b.Items[0].Position);
    }

    [Fact]
    public void PositionsOf_LiteralBlockInConfigMap_MapsLineByLine()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  cfg.yaml: |\n    top:\n      key: value\n";
        var result = WorkloadDiscovery.Discover([ManifestSource.FromText("c.yaml", yaml)]);
        var value = (ManifestScalar)result.Manifests.Objects[0].Root.GetMapping("data")!["cfg.yaml"]!;

        var tree = (ManifestMapping)YamlTreeReader.ReadSingle(value.Value, result.Manifests.PositionsOf(value))!;

        Assert.Equal(new SourcePosition("c.yaml", 7, 7), tree.GetMapping("top")!.KeyNode("key")!.Position);
    }

    [Fact]
    public void Decode_Utf8Bom_Stripped()
    {
        var text = TextDecoder.Decode([0xEF, 0xBB, 0xBF, (byte)'a'], "f");

        Assert.Equal("a", text);
    }

    [Fact]
    public void Discover_BracketThatStopsYamlScanner_ThrowsPositionedUsageError()
    {
        // Found by the property below: YamlDotNet's scanner throws InvalidOperationException on this input.
        var original = File.ReadAllText(Path.Combine(Gate.Testing.RepoPaths.Corpus, "vector-kubernetes-logs", "daemonset.yaml"));
        var mutated = original[..12] + "[" + original[12..];

        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover([ManifestSource.FromText("m.yaml", mutated)]));

        Assert.NotNull(ex.Position);
        Assert.StartsWith("invalid YAML", ex.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public void Discover_MutatedManifest_SucceedsOrFailsWithUsageError(PositiveInt cut, char inserted)
    {
        var original = File.ReadAllText(Path.Combine(Gate.Testing.RepoPaths.Corpus, "vector-kubernetes-logs", "daemonset.yaml"))
            + "---\n" + File.ReadAllText(Path.Combine(Gate.Testing.RepoPaths.Corpus, "vector-kubernetes-logs", "configmap.yaml"));
        var at = cut.Get % original.Length;
        var mutated = original[..at] + inserted + original[at..];

        try
        {
            WorkloadDiscovery.Discover([ManifestSource.FromText("m.yaml", mutated)]);
        }
        catch (GateUsageException ex)
        {
            Assert.NotNull(ex.Position);
            Assert.DoesNotContain('\n', ex.ToUserLine());
        }
    }
}
