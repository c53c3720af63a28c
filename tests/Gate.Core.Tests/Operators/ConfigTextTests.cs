using Gate.Core.Manifests;
using Gate.Core.Operators;

namespace Gate.Core.Tests.Operators;

public sealed class ConfigTextTests
{
    private static ManifestMapping Read(string yaml, string file = "cr.yaml") =>
        (ManifestMapping)YamlTreeReader.ReadDocuments(yaml, PositionMap.ForFile(file))[0]!;

    [Fact]
    public void Write_NestedConfig_ReadsBackWithEveryValueAndKeyLine()
    {
        var config = Read("a:\n  b: \"quote \\\" and \\\\ slash\"\n  c: [1, x, {d: true}]\n  e: {}\n  f: ~\n");

        var text = ConfigText.Write(config);
        var back = (ManifestMapping)JsonTreeReader.ReadDocuments(text.Value, text.TextPositions!)[0]!;

        var a = back.GetMapping("a")!;
        Assert.Equal("quote \" and \\ slash", a.GetString("b"));
        Assert.Equal(["1", "x"], a.GetItems("c").Take(2).Select(i => i.ScalarValue));
        Assert.True(((ManifestMapping)a.GetItems("c")[2]).GetBoolean("d"));
        Assert.Empty(a.GetMapping("e")!.Entries);
        Assert.Null(a.GetString("f"));
        Assert.Equal(new SourcePosition("cr.yaml", 2, 3), a.KeyNode("b")!.Position);
        Assert.Equal(new SourcePosition("cr.yaml", 3, 3), a.KeyNode("c")!.Position);
    }

    [Fact]
    public void Write_OmittedPath_KeyLeftOutSiblingsKept()
    {
        var config = Read("r:\n  p:\n    config:\n      scrape_configs: [x]\n      global: {}\n");

        var text = ConfigText.Write(config, path => path is ["r", "p", "config", "scrape_configs"]);
        var back = (ManifestMapping)JsonTreeReader.ReadDocuments(text.Value, text.TextPositions!)[0]!;

        var inner = (ManifestMapping)back.At("r.p.config")!;
        Assert.Equal(["global"], inner.Keys);
    }
}
