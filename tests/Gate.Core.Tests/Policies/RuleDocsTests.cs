using Gate.Core.Policies;
using Gate.Testing;

namespace Gate.Core.Tests.Policies;

public class RuleDocsTests
{
    public static TheoryData<string> RuleIds() => [.. RuleCatalog.All.Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_HasDocumentationPage(string id)
    {
        var rule = RuleCatalog.Find(id)!;
        var path = RepoPaths.InRepo(rule.DocPath.Split('/'));

        Assert.True(File.Exists(path), $"{id} has no page {rule.DocPath}");
        var text = File.ReadAllText(path);
        Assert.StartsWith($"# {id} {rule.Name}", text, StringComparison.Ordinal);
        Assert.Contains("## How to fix", text, StringComparison.Ordinal);
        Assert.Contains($"`{rule.DefaultSeverity.ToName()}`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RulePages_EveryPageBelongsToARule()
    {
        var pages = Directory.GetFiles(RepoPaths.InRepo("docs", "rules"), "GATE1*.md").Select(Path.GetFileNameWithoutExtension);

        Assert.All(pages, page => Assert.NotNull(RuleCatalog.Find(page!)));
    }

    [Fact]
    public void RuleCatalog_IdsUniqueAndOrdered()
    {
        var ids = RuleCatalog.All.Select(r => r.Id).ToList();

        Assert.Equal(ids.Distinct().Order(StringComparer.Ordinal), ids);
        Assert.All(ids, id => Assert.Matches("^GATE1[0-9]{2}$", id));
    }
}
