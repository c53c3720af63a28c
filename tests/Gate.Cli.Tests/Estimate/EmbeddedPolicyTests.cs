using System.Text.Json;
using Gate.Cli.Commands.Estimate;
using Gate.Core.Policies;

namespace Gate.Cli.Tests.Estimate;

/// <summary>The built-in policy skips the JSON Schema at start-up, so the embedded copy is held to the schema here.</summary>
public class EmbeddedPolicyTests
{
    [Fact]
    public void BuiltIn_EmbeddedDefault_MatchesSchemaAndFullLoad()
    {
        var validated = PolicyLoader.Load(EmbeddedPolicy.Resource("policies/default.yaml"), "built-in", EmbeddedPolicy.Resource("policies/schema.json"));

        var builtIn = EmbeddedPolicy.BuiltIn;

        Assert.Equal(JsonSerializer.Serialize(validated), JsonSerializer.Serialize(builtIn));
        Assert.NotEmpty(builtIn.Budgets);
    }

    [Fact]
    public void BuiltIn_TwoReads_ParsedOnce()
    {
        Assert.Same(EmbeddedPolicy.BuiltIn, EmbeddedPolicy.BuiltIn);
    }
}
