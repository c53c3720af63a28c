using Gate.Analyzers.Tests.Verifiers;
using Gate.Testing;

namespace Gate.Analyzers.Tests;

public sealed class RuleDocumentationTests
{
    public static TheoryData<string> Ids => GateRules.Ids;

    [Fact]
    public void RuleIdentifiers_EachId_HasExactlyOneDescriptor()
    {
        Assert.NotEmpty(GateRules.DeclaredIds);
        Assert.Equal(GateRules.DeclaredIds, GateRules.Descriptors.Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_DocPage_ExistsWithTitleHeading(string id)
    {
        var descriptor = GateRules.Descriptors.Single(d => d.Id == id);
        var page = RepoPaths.InRepo("docs", "rules", id + ".md");

        Assert.True(File.Exists(page), $"{id} has no documentation page: add docs/rules/{id}.md");
        var firstLine = File.ReadLines(page).First();
        Assert.Equal($"# {id}: {descriptor.Title}", firstLine);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_HelpLink_PointsAtItsDocPage(string id)
    {
        var descriptor = GateRules.Descriptors.Single(d => d.Id == id);

        Assert.Equal(RuleIdentifiers.GetHelpUri(id), descriptor.HelpLinkUri);
        Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_DocPage_ShowsSeverityConfigurationAndIsListed(string id)
    {
        var page = File.ReadAllText(RepoPaths.InRepo("docs", "rules", id + ".md"));
        var overview = File.ReadAllText(RepoPaths.InRepo("docs", "analyzers.md"));

        Assert.Contains($"dotnet_diagnostic.{id}.severity", page, StringComparison.Ordinal);
        Assert.Contains($"[{id}](rules/{id}.md)", overview, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsRules_EachPage_BelongsToARule()
    {
        // GATE0xxx are the analyzers' pages; GATE1xx pages belong to the policy rules (tested in Gate.Core.Tests).
        var pages = Directory.GetFiles(RepoPaths.InRepo("docs", "rules"), "GATE0*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(GateRules.DeclaredIds, pages);
    }

    [Fact]
    public void Descriptors_All_EnabledInOneCategory()
    {
        Assert.All(GateRules.Descriptors, d =>
        {
            Assert.True(d.IsEnabledByDefault, d.Id);
            Assert.Equal(RuleIdentifiers.Category, d.Category);
            Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString(System.Globalization.CultureInfo.InvariantCulture)), d.Id);
        });
    }
}
