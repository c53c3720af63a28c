using Gate.Core.Policies;

namespace Gate.Core.Tests.Policies;

public class PolicyLoaderTests
{
    private const string Minimal = """
        apiVersion: gate.dev/v1
        kind: Policy
        name: strict
        budgets:
          - upToNodes: 500
            readShare: 0.05
            startupBurstSeconds: 60
          - readShare: 0.02
            startupBurstSeconds: 30
        """;

    [Fact]
    public void Load_DefaultPolicy_ReproducesCorpusReferenceBudget()
    {
        var policy = Fixtures.DefaultPolicy;

        Assert.Equal("default", policy.Name);
        foreach (var nodes in Fixtures.Sizes)
        {
            var budget = policy.BudgetFor(nodes);
            Assert.Equal(0.10, budget.ReadShare);
            Assert.Equal(120, budget.StartupBurstSeconds);
        }

        Assert.Equal(1000, policy.SettingsFor("GATE104").AboveNodes);
        Assert.Empty(policy.Allow);
    }

    [Theory]
    [InlineData(100, 0.05)]
    [InlineData(500, 0.05)]
    [InlineData(501, 0.02)]
    [InlineData(15000, 0.02)]
    public void BudgetFor_SizeTiers_PicksFirstTierCoveringNodes(int nodes, double share)
    {
        var policy = Fixtures.Load(Minimal);

        Assert.Equal(share, policy.BudgetFor(nodes).ReadShare);
    }

    [Theory]
    [InlineData("readShare: 0.05", "readShare: -1", 6, 16, "/budgets/0/readShare")]
    [InlineData("readShare: 0.05", "readShare: lots", 6, 16, "/budgets/0/readShare")]
    [InlineData("kind: Policy", "kind: Polcy", 2, 7, "/kind")]
    [InlineData("    startupBurstSeconds: 30", "    startupBurstSecs: 30", 8, 5, "/budgets/1")]
    public void Load_SchemaViolation_ThrowsPositionedUsageError(string find, string replace, int line, int column, string pointer)
    {
        var yaml = Minimal.Replace(find, replace, StringComparison.Ordinal);

        var ex = Assert.Throws<GateUsageException>(() => Fixtures.Load(yaml));

        Assert.Equal("policy.yaml", ex.Position!.File);
        Assert.Equal(line, ex.Position.Line);
        Assert.Equal(column, ex.Position.Column);
        Assert.StartsWith(pointer, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"policy.yaml:{line}:{column}: ", ex.ToUserLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownRule_ThrowsAtRuleLine()
    {
        var ex = Assert.Throws<GateUsageException>(() => Fixtures.Load(Minimal + "\nrules:\n  GATE199:\n    severity: off\n"));

        Assert.Contains("unknown rule 'GATE199'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(11, ex.Position!.Line);
        Assert.Equal(3, ex.Position.Column);
    }

    [Fact]
    public void Load_AllowEntryWithoutReason_ThrowsAtEntry()
    {
        var yaml = Minimal + "\nallow:\n  - rule: GATE104\n    workload: monitoring/*\n";

        var ex = Assert.Throws<GateUsageException>(() => Fixtures.Load(yaml));

        Assert.Equal(11, ex.Position!.Line);
        Assert.Contains("reason", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoOpenEndedBudgets_ThrowsAtSecond()
    {
        var yaml = Minimal.Replace("  - upToNodes: 500\n", "  -\n", StringComparison.Ordinal);

        var ex = Assert.Throws<GateUsageException>(() => Fixtures.Load(yaml));

        Assert.Contains("only one budget may omit upToNodes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(8, ex.Position!.Line);
    }

    [Fact]
    public void Load_BrokenYaml_ThrowsPositionedSyntaxError()
    {
        var ex = Assert.Throws<GateUsageException>(() => Fixtures.Load("name: [unclosed\nkind: Policy\n"));

        Assert.StartsWith("invalid YAML", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Position!.Line >= 1);
    }

    [Fact]
    public void Load_RuleSettings_AreMapped()
    {
        var policy = Fixtures.Load(Minimal + "\nrules:\n  GATE104: {severity: error, aboveNodes: 200}\n  GATE105: {resources: [pods]}\n"
            + "allow:\n  - {rule: GATE105, workload: 'logging/*', reason: accepted until Q3}\n");

        Assert.Equal(Severity.Error, policy.SettingsFor("GATE104").Severity);
        Assert.Equal(200, policy.SettingsFor("GATE104").AboveNodes);
        Assert.Equal(["pods"], policy.SettingsFor("GATE105").Resources);
        Assert.True(policy.Allow[0].Matches("GATE105", "logging/fluent-bit"));
        Assert.False(policy.Allow[0].Matches("GATE105", "monitoring/fluent-bit"));
        Assert.False(policy.Allow[0].Matches("GATE104", "logging/fluent-bit"));
    }
}
