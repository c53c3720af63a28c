using Gate.Core.Cost;

namespace Gate.Core.Tests.Cost;

public sealed class FieldSelectorsTests
{
    [Theory]
    [InlineData("spec.nodeName=node-1", "spec.nodeName", "node-1")]
    [InlineData("spec.nodeName==node-1", "spec.nodeName", "node-1")]
    [InlineData("status.phase!=Failed, spec.nodeName = n2", "spec.nodeName", "n2")]
    [InlineData("metadata.name=$(NODE_NAME)", "metadata.name", "$(NODE_NAME)")]
    [InlineData("spec.nodeName!=node-1", "spec.nodeName", null)]
    [InlineData("status.phase=Running", "spec.nodeName", null)]
    [InlineData("", "spec.nodeName", null)]
    [InlineData(null, "spec.nodeName", null)]
    public void RequiresExactMatch_Selector_ValueOnlyForAnEqualityTerm(string? selector, string field, string? expected)
    {
        Assert.Equal(expected, FieldSelectors.RequiresExactMatch(selector, field));
    }
}
