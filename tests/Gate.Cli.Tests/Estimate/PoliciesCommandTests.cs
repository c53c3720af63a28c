using Gate.Core;
using Gate.Core.Policies;
using Gate.Testing;

namespace Gate.Cli.Tests.Estimate;

public class PoliciesCommandTests
{
    [Fact]
    public async Task PoliciesList_BuiltIn_ListsEveryRuleWithSeverity()
    {
        var result = await CorpusRun.RunAsync("policies", "list");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.All(RuleCatalog.All, r => Assert.Contains(r.Id, result.Output, StringComparison.Ordinal));
        Snapshot.Match(result.Output, "policies-list");
    }

    [Fact]
    public async Task PoliciesExplain_KnownRule_PrintsChecksFixAndDocs()
    {
        var result = await CorpusRun.RunAsync("policies", "explain", "gate102");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Snapshot.Match(result.Output, "explain-GATE102");
    }

    [Fact]
    public async Task PoliciesExplain_UnknownRule_ExitsTwo()
    {
        var result = await CorpusRun.RunAsync("policies", "explain", "GATE999");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("unknown rule 'GATE999'", result.Error, StringComparison.Ordinal);
    }
}
